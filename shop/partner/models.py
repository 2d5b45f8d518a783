"""Producers (chủ thể OCOP) as Oscar partners, with their outside-marketplace stalls."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractPartner


class Partner(AbstractPartner):
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
    logo = models.ImageField(_("logo"), upload_to="producers/", blank=True)

    class Meta(AbstractPartner.Meta):
        pass

    def get_absolute_url(self) -> str:
        return reverse("partner:stall", kwargs={"slug": self.code})


class PartnerLink(models.Model):
    """The producer's stall on another marketplace (Shopee, Lazada, Tiki, Postmart, Voso…)."""

    class Platform(models.TextChoices):
        SHOPEE = "shopee", "Shopee"
        LAZADA = "lazada", "Lazada"
        TIKI = "tiki", "Tiki"
        POSTMART = "postmart", "Postmart"
        VOSO = "voso", "Voso"
        WEBSITE = "website", _("Website")
        OTHER = "other", _("Other")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="links")
    platform = models.CharField(_("platform"), max_length=16, choices=Platform.choices)
    url = models.URLField(_("address"))

    class Meta:
        ordering = ["platform"]
        verbose_name = _("outside stall link")
        verbose_name_plural = _("outside stall links")
        constraints = [models.UniqueConstraint(fields=["partner", "url"], name="partner_link_unique")]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}: {self.url}"


from oscar.apps.partner.models import *  # noqa: E402, F403
