"""Display points (điểm giới thiệu và bán sản phẩm OCOP)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalog.models import GeoPoint


class DisplayPoint(GeoPoint):
    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    province = models.ForeignKey(
        "catalogue.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="display_points",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
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
        ordering = ["province__sort_key", "name"]
        verbose_name = _("display point")
        verbose_name_plural = _("display points")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("displays:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if errors := self.coordinates_errors():
            raise ValidationError(errors)
