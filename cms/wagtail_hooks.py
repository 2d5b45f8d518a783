"""Wagtail admin: display points are managed by trade-promotion staff beside the content."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from shop.displays.models import DisplayPoint

from .choosers import display_point_chooser, producer_chooser, product_chooser


class DisplayPointViewSet(SnippetViewSet):
    model = DisplayPoint
    icon = "site"
    menu_label = _("Display points")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "province", "address", "phone"]
    list_filter = ["province"]
    search_fields = ["name", "address"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("province"),
        FieldPanel("address"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])], heading=_("Coordinates")
        ),
        FieldPanel("opening_hours"),
        FieldPanel("phone"),
        FieldPanel("organiser"),
        FieldPanel("opened_on"),
        FieldPanel("details"),
        FieldPanel("source"),
    ]


register_snippet(DisplayPointViewSet)


@hooks.register("register_admin_viewset")
def register_choosers() -> list:
    """Searchable choosers: the widget of every ForeignKey to these models, and their blocks."""
    return [product_chooser, producer_chooser, display_point_chooser]


from .imports import admin_hooks  # noqa: E402, F401  (provincial OCOP list import screens)
