"""Provinces (the 34 units in force since 1 July 2025, with the former names they are still known
by) and places with map coordinates. Models of the catalogue app (label `catalogue`), imported by
catalog.models."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .utils import collation_key, fold


class GeoPoint(models.Model):
    """A place that may have map coordinates: a display point, a fair's venue."""

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

    class Meta:
        abstract = True

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def coordinates_errors(self) -> dict[str, str]:
        if (self.latitude is None) != (self.longitude is None):
            return {"longitude": _("Give both the latitude and the longitude, or neither.")}
        return {}


class Province(models.Model):
    """One of the 34 provincial units in force since 1 July 2025."""

    code = models.CharField(_("code"), max_length=2, unique=True, help_text=_("Statistics office code"))
    name = models.CharField(_("name"), max_length=64, unique=True)
    slug = models.SlugField(_("slug"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=64, blank=True)
    # Vietnamese dictionary order (Đ after D) on both databases: see catalog.utils.collation_key.
    sort_key = models.CharField(max_length=200, db_index=True, editable=False, default="")

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:province", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs) -> None:
        self.sort_key = collation_key(self.name)
        super().save(*args, **kwargs)

    def search_names(self) -> list[str]:
        """Its current name and every former name it is still known by."""
        return [self.name, *(f.name for f in self.former_names.all() if f.name != self.name)]


class ProvinceFormerName(models.Model):
    """A pre-merger province (one of the old 63) and the current unit it belongs to."""

    province = models.ForeignKey(Province, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("former name"), max_length=64, unique=True)
    folded = models.CharField(max_length=64, db_index=True, editable=False)
    old_code = models.CharField(_("old statistics office code"), max_length=2, blank=True)
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=6, blank=True)
    sort_key = models.CharField(max_length=200, editable=False, default="")

    class Meta:
        ordering = ["sort_key"]
        verbose_name = _("former province name")
        verbose_name_plural = _("former province names")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.folded = fold(self.name)
        self.sort_key = collation_key(self.name)
        super().save(*args, **kwargs)
