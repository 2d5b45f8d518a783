"""Storefront template helpers: card images, listing query strings, facet groups, former names."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest, QueryDict
from django.templatetags.static import static
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

register = template.Library()

PLACEHOLDER = "img/placeholder.png"
PLACEHOLDER_SIZE = 800
# Facets with long vocabularies: values with no matching product are hidden unless selected.
SPARSE_FACETS = ("province", "category")


@register.simple_tag
def product_image(product: Any, image: Any = None) -> dict[str, Any]:
    """URL, intrinsic size and alt text of a product's (primary) image, or of the placeholder."""
    image = image or product.primary_image()
    original = None if isinstance(image, dict) else image.original
    if original:
        try:
            # The size stored at upload; reading it from the file is the fallback of older rows.
            return {
                "url": original.url,
                "width": image.width or original.width,
                "height": image.height or original.height,
                "alt": image.caption or product.get_title(),
                "is_missing": False,
            }
        except (OSError, ValueError):
            # The row points at a file that is not on disk: show the placeholder, never a 500.
            pass
    return {
        "url": static(PLACEHOLDER),
        "width": PLACEHOLDER_SIZE,
        "height": PLACEHOLDER_SIZE,
        "alt": "",
        "is_missing": True,
    }


@register.filter
def image_loading(position: Any) -> str:
    """How a listing's image at this 1-based position loads: the first two at once (a phone's first
    screen; the first with high priority), the others lazily."""
    if position == 1:
        return "first"
    return "eager" if position == 2 else "lazy"


@register.simple_tag
def former_names(province: Any) -> list[str]:
    """The pre-2025 names a province is still known by, without its current name."""
    return [former.name for former in province.former_names.all() if former.name != province.name]


def _params(request: HttpRequest) -> QueryDict:
    params = request.GET.copy()
    params.pop("page", None)
    return params


@register.simple_tag
def query_without(request: HttpRequest, name: str, value: str) -> str:
    """This listing's query string with one filter value removed (and back to page 1)."""
    params = _params(request)
    params.setlist(name, [v for v in params.getlist(name) if v != str(value)])
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else request.path


@register.simple_tag
def query_keep(request: HttpRequest, *names: str) -> str:
    """This listing's URL keeping only the named parameters (e.g. the text query and sort)."""
    params = QueryDict(mutable=True)
    for name in names:
        values = [v for v in request.GET.getlist(name) if v]
        if values:
            params.setlist(name, values)
    encoded = params.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


@register.simple_tag
def hidden_query_inputs(request: HttpRequest, *exclude: str) -> SafeString:
    """Hidden inputs carrying the current GET parameters, so a second form keeps the filters."""
    skipped = {"page", *exclude}
    pairs = [(name, value) for name, values in request.GET.lists() if name not in skipped for value in values]
    return format_html_join("", '<input type="hidden" name="{}" value="{}">', pairs)


@register.simple_tag
def facet_groups(form: Any, facets: dict[str, list[Any]], hide: str = "") -> list[dict[str, Any]]:
    """Facet groups for the filter sidebar: label, shown values and how many are selected."""
    hidden = {name.strip() for name in hide.split(",") if name.strip()}
    groups = []
    for name, values in facets.items():
        if name in hidden or name not in form.fields:
            continue
        shown = [v for v in values if v.selected or v.count or name not in SPARSE_FACETS]
        if not shown:
            continue
        groups.append(
            {
                "name": name,
                "label": form.fields[name].label,
                "values": shown,
                "selected": sum(1 for v in values if v.selected),
                "long": len(shown) > 8,
            }
        )
    return groups


@register.simple_tag
def selected_facets(facets: dict[str, list[Any]]) -> list[tuple[str, Any]]:
    """(facet name, value) for every selected filter value, for the removable chips."""
    return [(name, value) for name, values in facets.items() for value in values if value.selected]
