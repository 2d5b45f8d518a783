"""Wagtail choosers for shop objects (products, producers, display points).

Each is a `ChooserViewSet`: a searchable, paginated modal that serves as the `FieldPanel` widget of
every ForeignKey to its model (`register_widget`) and as a StreamField block (`get_block_class`).
Search is accent-insensitive: products through the search app's folded-text condition, producers
and display points through their ASCII slugs (slugified Vietnamese is folded text).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet

from catalog.utils import words
from search.backends.db_text import relevance_rank, text_q

PER_PAGE = 20
MAX_QUERY_LENGTH = 200


class FoldedSearchForm(BaseFilterForm):
    """The chooser's search box; `condition` turns the query into a filter on the model."""

    q = forms.CharField(
        label=_("Search term"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Search (accents optional)")}),
    )

    def condition(self, text: str) -> Q:
        raise NotImplementedError

    def order(self, objects: QuerySet, text: str) -> QuerySet:
        return objects

    def filter(self, objects: QuerySet) -> QuerySet:
        text = " ".join(self.cleaned_data.get("q", "").split())
        if not words(text):
            return objects
        self.is_searching = True
        self.search_query = text
        return self.order(objects.filter(self.condition(text)), text)


class ProductSearchForm(FoldedSearchForm):
    """Folded words of title, producer and province (Product.search_text), exact accents first:
    the same matching as the shop's database search, over every product. One typo per word is
    forgiven only when nothing matches as typed (the typo conditions cost a scan each)."""

    def condition(self, text: str) -> Q:
        return text_q(text, fuzzy=False)

    def filter(self, objects: QuerySet) -> QuerySet:
        found = super().filter(objects)
        if self.is_searching and not found.exists():
            return self.order(objects.filter(text_q(self.search_query)), self.search_query)
        return found

    def order(self, objects: QuerySet, text: str) -> QuerySet:
        return relevance_rank(objects, text).order_by("-exact", "-plain", "title", "pk")


class SlugSearchForm(FoldedSearchForm):
    """Every folded word in the ASCII slug, or the text as typed in the name."""

    slug_field = "slug"

    def condition(self, text: str) -> Q:
        folded = Q()
        for word in words(text):
            folded &= Q(**{f"{self.slug_field}__contains": word})
        return folded | Q(name__icontains=text)


class ProducerSearchForm(SlugSearchForm):
    slug_field = "code"  # Oscar's partner code is the slug of its name


class ShopChooseMixin:
    """Extra columns and a bounded listing: one query for the page shown, one for the count."""

    extra_columns: tuple[tuple[str, Any, Any], ...] = ()  # (name, label, accessor)
    related: tuple[str, ...] = ()

    def get_object_list(self) -> QuerySet:
        return super().get_object_list().select_related(*self.related)

    @property
    def columns(self) -> list[Column]:
        return [
            *super().columns,
            *(Column(name, label=label, accessor=accessor) for name, label, accessor in self.extra_columns),
        ]


def _stars(product) -> str:
    return "★" * product.stars if product.stars else "—"


def _province(obj) -> str:
    return obj.province.name if obj.province_id else "—"


def _producer(product) -> str:
    return product.producer.name if product.producer_id else "—"


class ProductChooseMixin(ShopChooseMixin):
    filter_form_class = ProductSearchForm
    ordering = ("-pk",)
    related = ("producer", "province")
    extra_columns = (
        ("producer", _("Producer"), _producer),
        ("province", _("Province"), _province),
        ("stars", _("Stars"), _stars),
    )


class ProducerChooseMixin(ShopChooseMixin):
    filter_form_class = ProducerSearchForm
    ordering = ("name", "pk")
    related = ("province",)
    extra_columns = (
        ("kind", _("Producer type"), lambda partner: partner.get_kind_display() or "—"),
        ("province", _("Province"), _province),
    )


class DisplayPointChooseMixin(ShopChooseMixin):
    filter_form_class = SlugSearchForm
    ordering = ("name", "pk")
    related = ("province",)
    extra_columns = (
        ("province", _("Province"), _province),
        ("address", _("Address"), lambda point: point.address or "—"),
    )


# The modal and its results fragment (search, pagination) share each mixin.
class ProductChooseView(ProductChooseMixin, ChooseView):
    pass


class ProductChooseResultsView(ProductChooseMixin, ChooseResultsView):
    pass


class ProducerChooseView(ProducerChooseMixin, ChooseView):
    pass


class ProducerChooseResultsView(ProducerChooseMixin, ChooseResultsView):
    pass


class DisplayPointChooseView(DisplayPointChooseMixin, ChooseView):
    pass


class DisplayPointChooseResultsView(DisplayPointChooseMixin, ChooseResultsView):
    pass


class ProductChooserViewSet(ChooserViewSet):
    model = get_model("catalogue", "Product")
    icon = "pick"
    choose_one_text = _("Choose a product")
    choose_another_text = _("Choose another product")
    edit_item_text = _("Edit product")
    per_page = PER_PAGE
    choose_view_class = ProductChooseView
    choose_results_view_class = ProductChooseResultsView


class ProducerChooserViewSet(ChooserViewSet):
    model = get_model("partner", "Partner")
    icon = "home"
    choose_one_text = _("Choose a producer")
    choose_another_text = _("Choose another producer")
    edit_item_text = _("Edit producer")
    per_page = PER_PAGE
    choose_view_class = ProducerChooseView
    choose_results_view_class = ProducerChooseResultsView


class DisplayPointChooserViewSet(ChooserViewSet):
    model = get_model("displays", "DisplayPoint")
    icon = "site"
    choose_one_text = _("Choose a display point")
    choose_another_text = _("Choose another display point")
    edit_item_text = _("Edit display point")
    per_page = PER_PAGE
    choose_view_class = DisplayPointChooseView
    choose_results_view_class = DisplayPointChooseResultsView


product_chooser = ProductChooserViewSet("product_chooser", url_prefix="choose/product")
producer_chooser = ProducerChooserViewSet("producer_chooser", url_prefix="choose/producer")
display_point_chooser = DisplayPointChooserViewSet("display_point_chooser", url_prefix="choose/display-point")
