"""OCOP statistics: national and provincial figures, charts and CSV tables."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "shop.statistics"
    label = "ocop_statistics"
    verbose_name = _("OCOP statistics")
