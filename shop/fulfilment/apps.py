"""Fulfilment of producer parcels: its own models, services and emails."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FulfilmentConfig(AppConfig):
    name = "shop.fulfilment"
    label = "fulfilment"
    verbose_name = _("Fulfilment")
