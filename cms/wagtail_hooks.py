"""Wagtail admin: display points are managed by trade-promotion staff beside the content, and
product reviews are a menu item away (moderated in Oscar's dashboard)."""

from django.http import HttpRequest
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
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


class ReviewsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm("reviews.change_productreview")


@hooks.register("register_admin_menu_item")
def register_reviews_menu_item() -> MenuItem:
    """Shoppers' reviews wait for approval (OSCAR_MODERATE_REVIEWS) in Oscar's reviews screen,
    which the trade-promotion groups may open (shop.groups)."""
    return ReviewsMenuItem(
        _("Product reviews"),
        reverse_lazy("dashboard:reviews-list"),
        name="reviews",
        icon_name="comment",
        order=320,
    )


from .imports import admin_hooks  # noqa: E402, F401  (provincial OCOP list import screens)
