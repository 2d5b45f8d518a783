"""The home page: a hero text and featured products curated by staff, then automatic sections."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page


def validate_link(value: str) -> None:
    """A path on this site ("/hoi-cho/") or an absolute http(s) address."""
    if value.startswith("/") and not value.startswith("//"):
        return
    if value.startswith(("https://", "http://")) and len(value) > len("https://"):
        return
    raise ValidationError(
        _("Enter a path on this site starting with / or an address starting with https://.")
    )


class HomePage(Page):
    """The site's front page: hero text, curated products, then upcoming fairs and latest stories."""

    hero_title = models.CharField(
        _("hero title"), max_length=120, blank=True, help_text=_("The large title; the page title if empty.")
    )
    intro = models.CharField(_("hero text"), max_length=255, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_link_label = models.CharField(_("hero link text"), max_length=60, blank=True)
    hero_link_url = models.CharField(
        _("hero link address"),
        max_length=500,
        blank=True,
        validators=[validate_link],
        help_text=_("A path on this site (/hoi-cho/) or a full address (https://…)."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("intro"),
                FieldPanel("hero_image"),
                FieldRowPanel([FieldPanel("hero_link_label"), FieldPanel("hero_link_url")]),
            ],
            heading=_("Hero"),
        ),
        InlinePanel(
            "featured",
            label=_("Featured products"),
            help_text=_("Shown in this order; when empty, the newest 5-star products are shown."),
        ),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.FairIndexPage", "cms.StoryIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def clean(self) -> None:
        super().clean()
        if bool(self.hero_link_label) != bool(self.hero_link_url):
            raise ValidationError({"hero_link_url": _("Give the hero link both a text and an address.")})

    def get_context(self, request, *args, **kwargs):
        from .. import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.home_sections(page=self))
        return context


class HomePageFeaturedProduct(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured")
    product = models.ForeignKey(
        "catalogue.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("product")]
