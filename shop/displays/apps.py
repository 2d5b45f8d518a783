"""Display points: physical OCOP showrooms and the products they stock."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisplaysConfig(AppConfig):
    name = "shop.displays"
    label = "displays"
    verbose_name = _("Display points")
