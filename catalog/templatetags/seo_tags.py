"""Search engines and sharing: canonical addresses, JSON-LD, Open Graph images, share links.

Every address a crawler or a chat app reads is absolute, from SITE_URL (catalog.links)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, QueryDict
from django.templatetags.static import static
from django.utils.encoding import escape_uri_path
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from catalog import structured_data
from catalog.links import LANGUAGE_PARAMETER, absolute_url, in_language, language_alternates, site_url
from catalog.structured_data import Crumb

register = template.Library()

# The characters json_script escapes, so that entered text can never close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
# The only query parameter a canonical address keeps: a listing's page (and the language version,
# ?lang=en). Filters, sorting, search words and tracking tags (utm_*, fbclid, zarsrc…) name the same
# content as the bare address.
CANONICAL_PARAMETERS = ("page",)
# The image a shared link shows when the page has none of its own (1200×630, Open Graph's size).
DEFAULT_SHARE_IMAGE = "img/share-card.png"
FACEBOOK_SHARER = "https://www.facebook.com/sharer/sharer.php"
# Zalo documents only its share plugin (an SDK script and an Official Account id); this address
# opens Zalo's share screen for a link without either.
ZALO_SHARER = "https://zalo.me/share"


class CaptureNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context: template.Context) -> str:
        # Rendered through the template engine (autoescaped): safe to output again as it is.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser: template.base.Parser, token: template.base.Token) -> CaptureNode:
    """`{% capture as title %}…{% endcapture %}`: render once, use as `{{ title }}` several times
    (the page's <title> is also its Open Graph title); blocks inside stay overridable."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def canonical_url(context: template.Context) -> str:
    """This page's address on SITE_URL, with only the page number of a listing kept."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return site_url() + "/"
    try:
        parameters = request.GET
    except SuspiciousOperation:  # too many parameters: the 400 page is rendered with this tag too
        parameters = QueryDict()
    kept = [
        (name, value)
        for name in CANONICAL_PARAMETERS
        if (value := parameters.get(name, "")).isdigit() and int(value) > 1
    ]
    query = urlencode(kept)
    canonical = absolute_url(escape_uri_path(request.path)) + (f"?{query}" if query else "")
    # The English version (?lang=en) is its own page for search engines, with its own canonical address.
    language = parameters.get(LANGUAGE_PARAMETER, "")
    return in_language(canonical, language) if language in dict(settings.LANGUAGES) else canonical


@register.simple_tag
def language_versions(canonical: str) -> list[tuple[str, str]]:
    """`{% language_versions page_url as versions %}`: (hreflang, address) of each language's version."""
    return language_alternates(canonical)


@register.filter
def absolute(url: str) -> str:
    """`{{ product.get_absolute_url|absolute }}`: the address on SITE_URL (absolute ones unchanged)."""
    return absolute_url(str(url)) if url else ""


@register.simple_tag
def absolute_static(path: str = DEFAULT_SHARE_IMAGE) -> str:
    return absolute_url(static(path))


@register.simple_tag(takes_context=True)
def json_ld(context: template.Context, data: dict[str, Any] | None) -> SafeString:
    """`<script type="application/ld+json">` with `data` serialised and escaped as json_script does,
    carrying the page's CSP nonce. Nothing when there is no data."""
    if not data:
        return mark_safe("")
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    request = context.get("request")
    nonce = getattr(request, "csp_nonce", "") if request is not None else ""
    return format_html(
        '<script type="application/ld+json" nonce="{}">{}</script>',
        nonce,
        mark_safe(text),  # noqa: S308 (escaped above: no <, > or & is left)
    )


@register.filter
def breadcrumb_list(crumbs: list[Crumb]) -> dict[str, Any]:
    return structured_data.breadcrumb_list(crumbs)


@register.simple_tag
def crumbs(*pairs: Any) -> list[Crumb]:
    """`{% crumbs name url name url … as trail %}`: Home, then each step whose name is not empty."""
    if len(pairs) % 2:
        raise template.TemplateSyntaxError("crumbs takes names and addresses in pairs")
    steps = [Crumb(name, str(url)) for name, url in zip(pairs[::2], pairs[1::2], strict=True) if name]
    return structured_data.home_crumbs(*steps)


@register.simple_tag
def category_crumbs(category: Any) -> list[Crumb]:
    return structured_data.category_crumbs(category)


@register.simple_tag
def product_crumbs(product: Any, category: Any = None) -> list[Crumb]:
    return structured_data.product_crumbs(product, category)


@register.filter
def plain_text(html: str, chars: int = structured_data.DESCRIPTION_CHARS) -> str:
    """Rich text as one line of plain text (escaped again on output like any text)."""
    return structured_data.plain_text(str(html or ""), int(chars))


@register.filter
def product_summary(product: Any) -> str:
    return structured_data.product_summary(product)


@register.simple_tag
def product_image_urls(product: Any) -> list[str]:
    """Absolute addresses of the product's own images (none for the placeholder)."""
    urls = []
    for image in product.get_all_images():
        try:
            urls.append(absolute_url(image.original.url))
        except (AttributeError, ValueError):  # a row without a file
            continue
    return urls


@register.simple_tag(takes_context=True)
def product_structured_data(
    context: template.Context, product: Any, images: list[str], reviews: Any = None
) -> dict[str, Any]:
    """The product page's `Product` (with its `Offer` when sold here), priced by the request's strategy,
    and its shoppers' rating when `reviews` (catalog.reviews.selectors.ReviewSummary) has any."""
    request = context["request"]
    strategy = request.strategy
    info = strategy.fetch_for_parent(product) if product.is_parent else strategy.fetch_for_product(product)
    data = structured_data.product_schema(product, info, images)
    if reviews and reviews.count:
        rating = structured_data.aggregate_rating(count=reviews.count, average=reviews.average)
        data["aggregateRating"] = rating
    return data


@register.simple_tag
def share_links(url: str) -> dict[str, str]:
    """Share addresses of a page on Zalo and Facebook (plain links: they work without JavaScript)."""
    return {
        "zalo": f"{ZALO_SHARER}?{urlencode({'url': url})}",
        "facebook": f"{FACEBOOK_SHARER}?{urlencode({'u': url})}",
    }


@register.simple_tag
def site_name() -> str:
    return settings.OSCAR_SHOP_NAME
