"""The search JSON API: /api/search/ (products with facet counts) and /api/search/suggest/.

Parameters go through the listing pages' form (ApiSearchForm), so both read them the same way;
any invalid one, too many of them, or a page past the end is a 400 naming it. Documented in
README.md, "Search API"."""

from __future__ import annotations

import datetime
from typing import Any

import orjson
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .backends import get_backend
from .backends.base import ProductCard, SearchResults
from .cards import cards_search, certificate_status
from .facets import LISTED, facet_choices
from .forms import ApiSearchForm, Refusal, SuggestForm

CACHE_SECONDS = 60
SUGGEST_LIMIT = 8


def _json(payload: dict[str, Any], status: int = 200) -> HttpResponse:
    # orjson, ~10x faster than the json module here; lazy translations become str.
    response = HttpResponse(
        orjson.dumps(payload, default=str), status=status, content_type="application/json"
    )
    if status == 200:
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def _refused(refusal: Refusal) -> HttpResponse:
    payload = {"error": refusal.reason}
    if refusal.parameter:
        payload["parameter"] = refusal.parameter
    return _json(payload, status=400)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = ApiSearchForm(request.GET, choices=facet_choices())
    if refusal := form.first_error():
        return _refused(refusal)
    query = form.to_query(default_page_size=settings.OSCAR_PRODUCTS_PER_PAGE)
    results = cards_search(get_backend(), query)
    if query.page > results.num_pages:
        message = _("Page %(page)s does not exist; the last page is %(last)s.")
        return _refused(Refusal(message % {"page": query.page, "last": results.num_pages}, "page"))
    near = query.near is not None
    today, english = timezone.localdate(), (get_language() or "vi").startswith("en")
    return _json(
        {
            "total": results.total,
            "page": results.page,
            "page_size": results.page_size,
            "backend": results.backend,
            "results": [
                product_json(card, results, near=near, today=today, english=english) for card in results.hits
            ],
            "facets": facets_json(results),
        }
    )


@require_GET
def suggest(request: HttpRequest) -> HttpResponse:
    form = SuggestForm(request.GET)
    if refusal := form.first_error():
        return _refused(refusal)
    text = form.cleaned_data["q"]
    suggestions = get_backend().suggest(text, limit=SUGGEST_LIMIT) if text.strip() else []
    return _json({"suggestions": [{"text": s.text, "kind": s.kind, "url": s.url} for s in suggestions]})


def product_json(
    card: ProductCard, results: SearchResults, *, near: bool, today: datetime.date, english: bool
) -> dict[str, Any]:
    """One hit, from its card (the same from either backend)."""
    category_name = (english and card["category_name_en"]) or card["category_name"]
    item = {
        "id": card["id"],
        "title": card["title"],
        "url": card["url"],
        "stars": card["stars"],
        "province": {"code": card["province_code"], "name": card["province_name"]}
        if card["province_code"] is not None
        else None,
        "category": {"slug": card["category_slug"], "name": category_name}
        if card["category_slug"] is not None
        else None,
        "producer": {
            "name": card["producer_name"],
            "type": card["producer_kind"] or None,
            "url": card["producer_url"],
        }
        if card["producer_url"] is not None
        else None,
        "price": card["price"],
        "currency": card["currency"],
        "image": card["image"],
        "certificate_status": certificate_status(card["expires_on"], today),
    }
    if near:
        item["distance_km"] = results.distances.get(card["id"])
    return item


def facets_json(results: SearchResults) -> dict[str, list[dict[str, Any]]]:
    return {
        name: [
            {"value": v.value, "label": str(v.label), "count": v.count, "selected": v.selected}
            for v in results.facets.get(name, [])
        ]
        for name in LISTED
    }
