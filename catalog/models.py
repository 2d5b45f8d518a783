"""OCOP catalogue models: Oscar's product and category with certification, and provinces."""

from __future__ import annotations

import contextlib
import datetime
import os
import uuid
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.files.images import get_image_dimensions
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from oscar.apps.catalogue.abstract_models import (
    AbstractCategory,
    AbstractProduct,
    AbstractProductImage,
    MissingProductImage,
)
from oscar.core.loading import is_model_registered  # noqa: F401  (used by Oscar's models module)
from oscar.utils.models import get_image_upload_path

from .outbox import OutboxRow
from .provinces import GeoPoint, Province, ProvinceFormerName  # noqa: F401  (models of this app)
from .querysets import OcopProductQuerySet
from .richtext import clean_rich_text
from .uploads import validate_image_upload


class Category(AbstractCategory):
    """An OCOP sector (I–VI) or product set (e.g. I.2.b) of Decision 148/QĐ-TTg."""

    name_en = models.CharField(_("name in English"), max_length=255, blank=True)

    @property
    def display_name(self) -> str:
        if self.name_en and (get_language() or "vi").startswith("en"):
            return self.name_en
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Rendered as HTML on the category page: only sanitised text is ever stored.
        self.description = clean_rich_text(self.description)
        super().save(*args, **kwargs)


class SharedMissingProductImage(MissingProductImage):
    """Oscar's placeholder image, safe when several requests link it at once.

    Oscar links the placeholder into ``MEDIA_ROOT`` on first use and raises
    ``ImproperlyConfigured`` if ``makedirs`` or ``symlink`` fails; two workers
    (or threads) rendering their first image-less product together race for it,
    and the loser answered 500. Here a link or folder made by the other one is
    the one we wanted.
    """

    def symlink_missing_image(self, media_file_path: str) -> None:
        static_file_path = finders.find(f"oscar/img/{self.name}")
        if static_file_path is None:
            return
        os.makedirs(os.path.dirname(media_file_path), exist_ok=True)
        if os.path.islink(media_file_path) and not os.path.exists(media_file_path):
            with contextlib.suppress(FileNotFoundError):  # a broken link: make it anew
                os.unlink(media_file_path)
        with contextlib.suppress(FileExistsError):  # another request linked it first
            os.symlink(static_file_path, media_file_path)


class Product(AbstractProduct):
    """A product with its OCOP certificate (stars, score, decision, validity)."""

    class Level(models.TextChoices):
        DISTRICT = "district", pgettext_lazy("issuing level", "District")
        PROVINCE = "province", pgettext_lazy("issuing level", "Province")
        NATIONAL = "national", pgettext_lazy("issuing level", "National")

    class CertificateStatus(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRING = "expiring", _("Expiring soon")
        EXPIRED = "expired", _("Expired")
        UNKNOWN = "unknown", _("Not published")

    class ListingStatus(models.TextChoices):
        APPROVED = "approved", _("Approved")
        PENDING = "pending", _("Awaiting review")
        REJECTED = "rejected", _("Rejected")

    province = models.ForeignKey(
        Province,
        verbose_name=_("province of origin"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
    )
    # The pre-2025 province (one of the old 63) the certificate was issued in, when the data says.
    province_old = models.ForeignKey(
        ProvinceFormerName,
        verbose_name=_("former province"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
    )
    producer = models.ForeignKey(
        "partner.Partner",
        verbose_name=_("producer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
    )
    stars = models.PositiveSmallIntegerField(
        _("OCOP stars"),
        null=True,
        blank=True,
        db_index=True,
        choices=[(3, "3★"), (4, "4★"), (5, "5★")],
        help_text=_("Empty when no rating has been published"),
    )
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    decision_number = models.CharField(_("recognition decision"), max_length=128, blank=True)
    certification_level = models.CharField(
        _("issuing level"), max_length=16, choices=Level.choices, blank=True
    )
    certified_on = models.DateField(_("issue date"), null=True, blank=True)
    expires_on = models.DateField(
        _("expiry date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("36 months after the issue date unless given"),
    )
    recognition_year = models.PositiveSmallIntegerField(_("year of recognition"), null=True, blank=True)
    # The lowest price of its stock records, kept by catalog.prices on every stock record write:
    # listings filter, count and sort on it without reading the stock records of every product.
    lowest_price = models.DecimalField(
        _("lowest price"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        db_index=True,
    )
    source = models.CharField(_("source"), max_length=500, blank=True)
    weight_grams = models.PositiveIntegerField(
        _("weight (grams)"), null=True, blank=True, help_text=_("Net weight of one unit as sold")
    )
    packaging = models.CharField(
        _("packaging"), max_length=128, blank=True, help_text=_("E.g. 500 g jar, box of 10 packs")
    )
    # A producer's new product, or its change of title, description or images, waits for staff
    # (catalog.services.product_listing_*) and is not public meanwhile; staff and importers' rows
    # are approved.
    listing_status = models.CharField(
        _("listing review"),
        max_length=16,
        choices=ListingStatus.choices,
        default=ListingStatus.APPROVED,
        db_index=True,
    )
    listing_note = models.TextField(_("review note"), blank=True)
    # Its producer's type, copied by catalog.producer_kinds: listings count by it without a join.
    producer_kind = models.CharField(max_length=32, blank=True, editable=False)
    # Accent-folded title, producer and province names (current and former): see catalog.services.
    search_text = models.TextField(blank=True, editable=False)

    objects = OcopProductQuerySet.as_manager()

    class Meta(AbstractProduct.Meta):
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stars__isnull=True) | models.Q(stars__in=[3, 4, 5]),
                name="product_stars_3_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=100),
                name="product_score_at_most_100",
            ),
        ]

    # Decision 148/QĐ-TTg: 3★ 50–69, 4★ 70–89, 5★ 90–100 points.
    STAR_BANDS = {3: (50, 69), 4: (70, 89), 5: (90, 100)}

    def clean(self) -> None:
        super().clean()
        problem = self.score_problem(stars=self.stars, score=self.score)
        if problem:
            raise ValidationError({"score": problem})
        problem = self.expiry_problem(certified_on=self.certified_on, expires_on=self.expires_on)
        if problem:
            raise ValidationError({"expires_on": problem})

    @classmethod
    def score_problem(cls, *, stars: int | None, score: int | None) -> str:
        """Why a score contradicts the stars (Decision 148/QĐ-TTg bands), or "" when it does not."""
        if score is None or stars is None or stars not in cls.STAR_BANDS:
            return ""
        low, high = cls.STAR_BANDS[stars]
        if low <= score <= high:
            return ""
        return _("A %(stars)s★ product scores %(low)s–%(high)s points.") % {
            "stars": stars,
            "low": low,
            "high": high,
        }

    @staticmethod
    def expiry_problem(*, certified_on: datetime.date | None, expires_on: datetime.date | None) -> str:
        if certified_on and expires_on and expires_on <= certified_on:
            return str(_("The expiry date must be after the issue date."))
        return ""

    def save(self, *args, **kwargs) -> None:
        from .services import product_place_names, product_search_text

        if self.certified_on and not self.expires_on:
            self.expires_on = self.default_expiry(self.certified_on)
        # Rendered as HTML on the product page. The importers write plain text with bulk
        # operations (no save()); the template sanitises on output as well.
        self.description = clean_rich_text(self.description)
        self.producer_kind = self.producer.kind if self.producer_id else ""
        self.search_text = product_search_text(
            title=self.title,
            producer_name=self.producer.name if self.producer_id else "",
            province_names=product_place_names(
                self.province.search_names() if self.province_id else (),
                self.province_old.name if self.province_old_id else "",
            ),
        )
        super().save(*args, **kwargs)

    @staticmethod
    def default_expiry(certified_on: datetime.date) -> datetime.date:
        return certified_on + relativedelta(months=settings.OCOP_CERTIFICATE_MONTHS)

    def certificate_status_on(self, today: datetime.date) -> str:
        if not self.expires_on:
            return self.CertificateStatus.UNKNOWN
        if self.expires_on < today:
            return self.CertificateStatus.EXPIRED
        if self.expires_on <= today + datetime.timedelta(days=settings.OCOP_EXPIRING_DAYS):
            return self.CertificateStatus.EXPIRING
        return self.CertificateStatus.VALID

    @property
    def certificate_status(self) -> str:
        return self.certificate_status_on(timezone.localdate())

    def get_certificate_status_display(self) -> str:
        return self.CertificateStatus(self.certificate_status).label

    def get_missing_image(self) -> SharedMissingProductImage:
        return SharedMissingProductImage()

    def is_review_permitted(self, user) -> bool:
        """Oscar's rule (signed in, one review each), and a producer never reviews its own goods."""
        if not super().is_review_permitted(user):
            return False
        return self.producer_id is None or not self.producer.users.filter(pk=user.pk).exists()

    @property
    def shows_badge(self) -> bool:
        """Only a rated product with an unexpired certificate may show its OCOP stars."""
        return bool(self.stars) and self.certificate_status != self.CertificateStatus.EXPIRED


class ProductImage(AbstractProductImage):
    """Oscar's product image; the upload is checked from its header (type, bytes, pixels).

    Its size in pixels is read from the file once, when it is saved: every page gives an <img>
    its size (no layout shift) without opening the file, which on an object store is a request
    per image (ImageField's width_field would read it again whenever a row lacks it)."""

    original = models.ImageField(
        _("Original"), upload_to=get_image_upload_path, max_length=255, validators=[validate_image_upload]
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.original and (not self.original._committed or self.width is None):
            self.width, self.height = image_size(self.original)
        super().save(*args, **kwargs)

    class Meta(AbstractProductImage.Meta):
        pass


def image_size(image: Any) -> tuple[int | None, int | None]:
    """(width, height) read from an image file's header; (None, None) when it cannot be read."""
    try:
        width, height = get_image_dimensions(image)
    except (OSError, ValueError):
        return None, None
    return width, height


class CertificateClaim(models.Model):
    """An OCOP certificate as a producer entered it, unverified until staff check the decision.

    Its values reach the product (and so the badge, star filters, facets, search and statistics,
    which all read `Product.stars` and friends) only when staff verify it
    (catalog.services.certificate_claim_verify)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="certificate_claims"
    )
    stars = models.PositiveSmallIntegerField(_("OCOP stars"), choices=[(3, "3★"), (4, "4★"), (5, "5★")])
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    decision_number = models.CharField(_("recognition decision"), max_length=128)
    certification_level = models.CharField(_("issuing level"), max_length=16, choices=Product.Level.choices)
    certified_on = models.DateField(_("issue date"))
    expires_on = models.DateField(
        _("expiry date"), null=True, blank=True, help_text=_("36 months after the issue date unless given")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    reason = models.TextField(_("reason"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        verbose_name = _("certificate claim")
        verbose_name_plural = _("certificate claims")
        constraints = [
            models.UniqueConstraint(
                fields=["product"],
                condition=models.Q(status="pending"),
                name="certificate_claim_one_pending_per_product",
            ),
            models.CheckConstraint(
                condition=models.Q(stars__in=[3, 4, 5]), name="certificate_claim_stars_3_to_5"
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=100),
                name="certificate_claim_score_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} — {self.decision_number}"

    def clean(self) -> None:
        super().clean()
        problem = Product.score_problem(stars=self.stars, score=self.score)
        if problem:
            raise ValidationError({"score": problem})
        problem = Product.expiry_problem(certified_on=self.certified_on, expires_on=self.expires_on)
        if problem:
            raise ValidationError({"expires_on": problem})

    CERTIFICATE_FIELDS = (
        "stars",
        "score",
        "certificate_number",
        "decision_number",
        "certification_level",
        "certified_on",
        "expires_on",
    )


class ProductListUpload(models.Model):
    """A product list uploaded in the admin, checked, and waiting for its uploader to confirm the import.

    Kept in the database, so every app server finds it and nothing sits in the session or on one
    server's disk; reached by a random token and only by the staff member who uploaded it; deleted
    once imported, and purged after `catalog.importers.uploads.UPLOAD_HOURS`. Its permission is the
    right to import lists at all."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.CASCADE, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True, db_index=True)

    class Meta:
        default_permissions = ()
        permissions = [("import_product_list", _("Can import OCOP product lists"))]
        verbose_name = _("product list upload")
        verbose_name_plural = _("product list uploads")

    def __str__(self) -> str:
        return self.file_name


class SearchTextOutbox(OutboxRow):
    """Producers and provinces renamed by a committed transaction whose products' search texts
    are still to be recomputed (catalog.search_texts drains it)."""

    class Meta:
        default_permissions = ()
        verbose_name = _("search text outbox row")
        verbose_name_plural = _("search text outbox")


from oscar.apps.catalogue.models import *  # noqa: E402, F403
