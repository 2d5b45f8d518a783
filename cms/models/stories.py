"""Product stories and news: a paginated index filtered by kind, and the pages themselves."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..blocks import BodyBlock
from .sections import SectionIndexPage


class StoryIndexPage(SectionIndexPage):
    """Stories and news, newest first, filtered by kind."""

    subpage_types = ["cms.StoryPage"]

    class Meta:
        verbose_name = _("stories and news index")

    def get_context(self, request, *args, **kwargs):
        from .. import selectors
        from ..forms import StoryFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = StoryFilterForm(request.GET)
        kind = form.cleaned_data["kind"] if form.is_valid() else ""
        context.update(
            form=form,
            kind=kind,
            stories=selectors.story_list(index=self, kind=kind, page=request.GET.get("page")),
            query_string=f"kind={kind}" if kind else "",
        )
        return context


class StoryPage(Page):
    """A product story or a news item, embedding products, stalls and display points."""

    class Kind(models.TextChoices):
        STORY = "story", _("Product story")
        NEWS = "news", _("News")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.STORY)
    intro = models.TextField(_("intro"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        InlinePanel(
            "related_products",
            label=_("Related products"),
            help_text=_("Shown as cards after the text, with the products embedded in the body."),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["cms.StoryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("story or news item")

    def body_product_ids(self) -> list[int]:
        """Ids of the products embedded in the body, in reading order, read from the stored JSON."""
        ids = []
        for block in self.body.raw_data:
            if block["type"] == "product" and isinstance(block["value"], dict):
                product_id = block["value"].get("product")
                if isinstance(product_id, int):
                    ids.append(product_id)
        return ids

    def get_context(self, request, *args, **kwargs):
        from .. import selectors

        context = super().get_context(request, *args, **kwargs)
        context["products"] = selectors.story_products(story=self)
        context["cards_by_id"] = {product.pk: product for product in context["products"]}
        return context


class StoryProduct(Orderable):
    """A product the story is about: shown as a card, and the product page links back."""

    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="related_products")
    product = models.ForeignKey(
        "catalogue.Product", verbose_name=_("product"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("product")]

    class Meta(Orderable.Meta):
        verbose_name = _("related product")
        verbose_name_plural = _("related products")
