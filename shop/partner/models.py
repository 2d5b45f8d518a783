"""Producers (chủ thể OCOP) as Oscar partners, with their outside-marketplace stalls."""

from __future__ import annotations

from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractPartner

from catalog.richtext import clean_rich_text
from catalog.uploads import validate_image_upload


class Partner(AbstractPartner):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Kind(models.TextChoices):
        COOPERATIVE = "cooperative", _("Cooperative")
        ENTERPRISE = "enterprise", _("Enterprise")
        HOUSEHOLD = "household", _("Household business")
        COOPERATIVE_GROUP = "cooperative_group", _("Cooperative group")

    kind = models.CharField(_("producer type"), max_length=32, choices=Kind.choices, blank=True)
    province = models.ForeignKey(
        "catalogue.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="producers",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    story = models.TextField(_("story"), blank=True)
    logo = models.ImageField(
        _("logo"), upload_to="producers/", blank=True, validators=[validate_image_upload]
    )
    banner = models.ImageField(
        _("banner"), upload_to="producers/banners/", blank=True, validators=[validate_image_upload]
    )
    opening_hours = models.CharField(_("opening hours"), max_length=255, blank=True)
    tax_code = models.CharField(_("business registration or tax code"), max_length=32, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=128, blank=True)
    # Stalls made by staff or the importers are approved; a stall opened through sign-up waits
    # for staff (shop.partner: sign-up and approval) and shows nothing publicly until then.
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.APPROVED, db_index=True
    )
    status_reason = models.TextField(_("reason"), blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta(AbstractPartner.Meta):
        pass

    def get_absolute_url(self) -> str:
        return reverse("partner:stall", kwargs={"slug": self.code})

    def save(self, *args, **kwargs) -> None:
        # Every write path (dashboard form, admin, importers) stores the story sanitised, so the
        # stall page may render it as HTML.
        self.story = clean_rich_text(self.story)
        super().save(*args, **kwargs)


class PartnerLink(models.Model):
    """The producer's stall on another marketplace (Shopee, Lazada, Tiki, Postmart, Voso…)."""

    class Platform(models.TextChoices):
        SHOPEE = "shopee", "Shopee"
        LAZADA = "lazada", "Lazada"
        TIKI = "tiki", "Tiki"
        TIKTOK_SHOP = "tiktok", "TikTok Shop"
        FACEBOOK = "facebook", "Facebook"
        ZALO = "zalo", "Zalo"
        POSTMART = "postmart", "Postmart"
        VOSO = "voso", "Voso"
        WEBSITE = "website", _("Website")
        OTHER = "other", _("Other")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="links")
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    url = models.URLField(_("address"), validators=[URLValidator(schemes=["http", "https"])])

    class Meta:
        ordering = ["platform"]
        verbose_name = _("outside stall link")
        verbose_name_plural = _("outside stall links")
        constraints = [models.UniqueConstraint(fields=["partner", "url"], name="partner_link_unique")]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}: {self.url}"


class CertificateReminder(models.Model):
    """One reminder sent about one certificate (product, expiry date) at one threshold (days before
    expiry). Its unique row, inserted before the email is sent, makes `ocop_certificate_reminders`
    idempotent; a renewed certificate has a new expiry date and is reminded again."""

    product = models.ForeignKey(
        "catalogue.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="+"
    )
    expires_on = models.DateField(_("expiry date"))
    threshold_days = models.PositiveSmallIntegerField(_("days before expiry"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate reminder")
        verbose_name_plural = _("certificate reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["product", "expires_on", "threshold_days"], name="certificate_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.product_id} {self.expires_on} -{self.threshold_days}d"


from oscar.apps.partner.models import *  # noqa: E402, F403
