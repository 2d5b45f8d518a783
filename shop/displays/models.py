"""Display points (điểm giới thiệu và bán sản phẩm OCOP)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DisplayPoint(models.Model):
    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    province = models.ForeignKey(
        "catalogue.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="display_points",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    opening_hours = models.CharField(_("opening hours"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    organiser = models.CharField(_("run by"), max_length=255, blank=True)
    details = models.TextField(_("details"), blank=True)
    opened_on = models.CharField(_("opened"), max_length=64, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    products = models.ManyToManyField(
        "catalogue.Product",
        verbose_name=_("products stocked"),
        blank=True,
        related_name="display_points",
    )

    class Meta:
        ordering = ["province__name", "name"]
        verbose_name = _("display point")
        verbose_name_plural = _("display points")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("displays:detail", kwargs={"slug": self.slug})

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None
