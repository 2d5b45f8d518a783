"""Rich text that producers and staff write (descriptions, stories), made safe to render.

Sanitised with nh3 (the Rust `ammonia` sanitiser) when it is saved: only the tags and
attributes of simple formatted text survive; scripts, event handlers, styles and
`javascript:`/`data:` URLs do not. Templates then render the stored text with
`|safe`, which is sound only because every write goes through `clean_rich_text`.
"""

from __future__ import annotations

import nh3

TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "ul", "ol", "li", "blockquote",
    "h2", "h3", "h4", "a", "span", "sub", "sup", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_rich_text(html: str) -> str:
    """The HTML with everything but simple formatting removed; links open outside safely."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()
