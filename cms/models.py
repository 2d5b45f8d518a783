"""Wagtail pages: home, fairs and events, product stories and news."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .blocks import BodyBlock


class HomePage(Page):
    """The site's front page: curated featured products, browse entries and upcoming fairs."""

    intro = models.CharField(_("intro"), max_length=255, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        InlinePanel("featured", label=_("Featured products")),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.FairIndexPage", "cms.StoryIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.home_sections(page=self))
        return context


class HomePageFeaturedProduct(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured")
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("product")]


class FairIndexPage(Page):
    intro = RichTextField(_("intro"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.FairPage"]
    max_count = 1

    class Meta:
        verbose_name = _("fairs and events index")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["upcoming"], context["past"] = selectors.fairs_split(today=timezone.localdate())
        return context


class FairPage(Page):
    """A trade fair or promotion week (hội chợ) in a venue and province."""

    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    dates_note = models.CharField(_("dates as announced"), max_length=255, blank=True)
    province = models.ForeignKey(
        "catalogue.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    source = models.CharField(_("source"), max_length=500, blank=True)
    producers = ParentalManyToManyField("partner.Partner", blank=True, related_name="fairs")

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]), FieldPanel("dates_note")],
            heading=_("Dates"),
        ),
        FieldPanel("province"),
        FieldPanel("venue"),
        FieldPanel("organiser"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("producers"),
        FieldPanel("source"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("venue")]
    parent_page_types = ["cms.FairIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("fair or event")
        ordering = ["start_date"]


class StoryIndexPage(Page):
    intro = RichTextField(_("intro"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.StoryPage"]
    max_count = 1

    class Meta:
        verbose_name = _("stories and news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["stories"] = StoryPage.objects.child_of(self).live().order_by("-first_published_at")
        return context


class StoryPage(Page):
    """A product story or a news item, embedding products, stalls and display points."""

    class Kind(models.TextChoices):
        STORY = "story", _("Product story")
        NEWS = "news", _("News")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.STORY)
    intro = models.TextField(_("intro"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.StoryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("story or news item")
