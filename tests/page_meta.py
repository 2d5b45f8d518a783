"""What a rendered page tells search engines and chat apps: its JSON-LD, meta tags, canonical link,
breadcrumb links and share links, read with the standard library's HTML parser."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any


@dataclass
class PageMeta:
    json_ld: list[dict[str, Any]] = field(default_factory=list)
    json_ld_nonces: list[str | None] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)  # name= or property= → content
    links: dict[str, list[str]] = field(default_factory=dict)  # rel → hrefs
    hreflang: dict[str, str] = field(default_factory=dict)  # <link rel=alternate hreflang=…>: code → href
    title: str = ""
    breadcrumb_links: list[str] = field(default_factory=list)
    anchors: list[dict[str, str | None]] = field(default_factory=list)
    buttons: list[dict[str, str | None]] = field(default_factory=list)

    def of_type(self, schema_type: str) -> list[dict[str, Any]]:
        return [data for data in self.json_ld if data.get("@type") == schema_type]

    def one(self, schema_type: str) -> dict[str, Any]:
        found = self.of_type(schema_type)
        assert len(found) == 1, f"{len(found)} {schema_type} in {[d.get('@type') for d in self.json_ld]}"
        return found[0]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageMeta()
        self._ld: list[str] | None = None
        self._title: list[str] | None = None
        self._breadcrumb_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("type") == "application/ld+json":
            self._ld = []
            self.page.json_ld_nonces.append(values.get("nonce"))
        elif tag == "meta" and "content" in values:
            key = values.get("property") or values.get("name")
            if key:
                self.page.meta[key] = values["content"] or ""
        elif tag == "link" and values.get("rel"):
            self.page.links.setdefault(values["rel"], []).append(values.get("href") or "")
            if values["rel"] == "alternate" and values.get("hreflang"):
                self.page.hreflang[values["hreflang"]] = values.get("href") or ""
        elif tag == "title":
            self._title = []
        elif tag == "ol" and "breadcrumb" in (values.get("class") or "").split():
            self._breadcrumb_depth = 1
        elif tag == "a":
            self.page.anchors.append(values)
            if self._breadcrumb_depth:
                self.page.breadcrumb_links.append(values.get("href") or "")
        elif tag == "button":
            self.page.buttons.append(values)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._ld is not None:
            self.page.json_ld.append(json.loads("".join(self._ld)))
            self._ld = None
        elif tag == "title" and self._title is not None:
            self.page.title = "".join(self._title).strip()
            self._title = None
        elif tag == "ol":
            self._breadcrumb_depth = 0

    def handle_data(self, data: str) -> None:
        if self._ld is not None:
            self._ld.append(data)
        elif self._title is not None:
            self._title.append(data)


def page_meta(response) -> PageMeta:
    assert response.status_code == 200, response.status_code
    reader = _Reader()
    reader.feed(response.content.decode())
    return reader.page


def csp_nonce(response) -> str:
    found = re.search(r"'nonce-([^']+)'", response.get("Content-Security-Policy", ""))
    assert found, "no nonce in the Content-Security-Policy header"
    return found.group(1)
