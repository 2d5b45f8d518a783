"""The search JSON API: /api/search/ (products with facet counts) and /api/search/suggest/.

Parameters go through the listing pages' form (ApiSearchForm), so both read them the same way;
any invalid one, too many of them, or a page past the end is a 400 naming it. Documented in
README.md, "Search API"."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .backends import get_backend
from .backends.base import SearchResults
from .facets import LISTED, facet_choices
from .forms import ApiSearchForm, Refusal, SuggestForm

CACHE_SECONDS = 60
SUGGEST_LIMIT = 8


def _json(payload: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 200:
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def _refused(refusal: Refusal) -> JsonResponse:
    payload = {"error": refusal.reason}
    if refusal.parameter:
        payload["parameter"] = refusal.parameter
    return _json(payload, status=400)


@require_GET
def search(request: HttpRequest) -> JsonResponse:
    form = ApiSearchForm(request.GET, choices=facet_choices())
    if refusal := form.first_error():
        return _refused(refusal)
    query = form.to_query(default_page_size=settings.OSCAR_PRODUCTS_PER_PAGE)
    results = get_backend().search(query)
    if query.page > results.num_pages:
        message = _("Page %(page)s does not exist; the last page is %(last)s.")
        return _refused(Refusal(message % {"page": query.page, "last": results.num_pages}, "page"))
    near = query.near is not None
    return _json(
        {
            "total": results.total,
            "page": results.page,
            "page_size": results.page_size,
            "backend": results.backend,
            "results": [product_json(product, results, near=near) for product in results.hits],
            "facets": facets_json(results),
        }
    )


@require_GET
def suggest(request: HttpRequest) -> JsonResponse:
    form = SuggestForm(request.GET)
    if refusal := form.first_error():
        return _refused(refusal)
    text = form.cleaned_data["q"]
    suggestions = get_backend().suggest(text, limit=SUGGEST_LIMIT) if text.strip() else []
    return _json({"suggestions": [{"text": s.text, "kind": s.kind, "url": s.url} for s in suggestions]})


def product_json(product: Any, results: SearchResults, *, near: bool) -> dict[str, Any]:
    """One hit; reads only what Product.objects.for_listing() has loaded."""
    offers = [record for record in product.stockrecords.all() if record.price is not None]
    offer = min(offers, key=lambda record: record.price, default=None)
    product_set = max(product.categories.all(), key=lambda c: (c.depth, c.path), default=None)
    image = product.primary_image()
    original = None if isinstance(image, dict) else image.original
    item = {
        "id": product.pk,
        "title": product.get_title(),
        "url": product.get_absolute_url(),
        "stars": product.stars,
        "province": {"code": product.province.code, "name": product.province.name}
        if product.province
        else None,
        "category": {"slug": product_set.slug, "name": product_set.display_name} if product_set else None,
        "producer": {
            "name": product.producer.name,
            "type": product.producer.kind or None,
            "url": product.producer.get_absolute_url(),
        }
        if product.producer
        else None,
        "price": int(offer.price) if offer else None,
        "currency": offer.price_currency if offer else None,
        "image": original.url if original else None,
        "certificate_status": product.certificate_status,
    }
    if near:
        item["distance_km"] = results.distances.get(product.pk)
    return item


def facets_json(results: SearchResults) -> dict[str, list[dict[str, Any]]]:
    return {
        name: [
            {"value": v.value, "label": str(v.label), "count": v.count, "selected": v.selected}
            for v in results.facets.get(name, [])
        ]
        for name in LISTED
    }
