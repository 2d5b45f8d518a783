"""Product listing pages: search, catalogue browsing and category pages, all through one backend."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

from django.conf import settings
from django.contrib import messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from oscar.core.loading import get_model

from .backends import SearchResults, get_backend
from .backends.db_geo import points_within
from .facets import facet_choices
from .forms import Refusal, SearchForm

Category = get_model("catalogue", "Category")


class ProductListMixin(TemplateView):
    """Parse the filters, ask the search backend, and hand results and facets to the template."""

    template_name = "oscar/search/results.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Checked before the page's own lookups and any search: a hostile request costs nothing.
        self.form = SearchForm(request.GET or None, choices=facet_choices())
        if refusal := self.form.refusal():
            return bad_request(request, refusal)
        if (moved := self.form.stars_moved()) is not None:
            # "nuoc mam 5 sao" → ?q=nuoc+mam&stars=5: the rating becomes a removable filter chip.
            return HttpResponseRedirect(f"{request.path}?{moved.urlencode()}")
        return super().dispatch(request, *args, **kwargs)

    def get_fixed_filters(self) -> dict[str, list[str]]:
        return {}

    def get_results(self, form: SearchForm) -> SearchResults:
        backend = get_backend()
        query = form.to_query(
            default_page_size=settings.OSCAR_PRODUCTS_PER_PAGE,
            scope={name: tuple(values) for name, values in self.get_fixed_filters().items()},
        )
        self.query = query
        results = backend.search(query)
        if query.page > results.num_pages:
            messages.warning(
                self.request,
                _("Page %(page)s does not exist; showing the last page, %(last)s.")
                % {"page": query.page, "last": results.num_pages},
            )
            results = backend.search(query.with_page(results.num_pages))
        return results

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.form
        if form.is_bound and not form.is_valid():
            for field, errors in form.errors.items():
                for error in errors:
                    messages.error(self.request, f"{form.fields[field].label}: {error}")
        results = self.get_results(form)
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(
            form=form,
            results=results,
            near_me=self.near_me(results),
            products=results.hits,
            facets=results.facets,
            query_string=params.urlencode(),
            page_range=_page_window(results.page, results.num_pages),
        )
        return context

    def near_me(self, results: SearchResults) -> NearMe | None:
        """When "near me" found nothing: whether any display point with a known location is in range."""
        query = self.query
        if results.total or query.near is None:
            return None
        in_range = points_within(query.near, query.radius_km)
        return NearMe(radius_km=query.radius_km, points_in_range=len(in_range))


@dataclass(frozen=True)
class NearMe:
    radius_km: float | None
    points_in_range: int


def bad_request(request: HttpRequest, refusal: Refusal) -> TemplateResponse:
    """The 400 page of a listing, saying why."""
    return TemplateResponse(request, "search/bad_request.html", {"reason": refusal.reason}, status=400)


def _page_window(page: int, last: int, width: int = 2) -> list[int | None]:
    """1 … 4 5 [6] 7 8 … 20: None marks a gap."""
    shown = sorted({1, last, *range(max(1, page - width), min(last, page + width) + 1)})
    window: list[int | None] = []
    for number in shown:
        if window and number - (window[-1] or 0) > 1:
            window.append(None)
        window.append(number)
    return window


class SearchView(ProductListMixin):
    template_name = "oscar/search/results.html"


class CatalogueView(ProductListMixin):
    template_name = "oscar/catalogue/browse.html"


class ProductCategoryView(ProductListMixin):
    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=kwargs["pk"])
        if not (self.category.is_public or request.user.is_staff):
            raise Http404
        expected = self.category.get_absolute_url()
        if unquote(expected) != unquote(request.path):
            return HttpResponsePermanentRedirect(expected)
        return super().get(request, *args, **kwargs)

    def get_fixed_filters(self) -> dict[str, list[str]]:
        return {"category": [self.category.slug]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["subcategories"] = list(self.category.get_children().filter(is_public=True))
        return context
