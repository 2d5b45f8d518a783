"""Reading the statistics page back: its tables (with links) and its SVG charts."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit


class TableReader(HTMLParser):
    """caption -> rows; a row is [(text, href or ""), …], its header cell first."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[tuple[str, str]]]] = {}
        self._caption: str | None = None
        self._rows: list[list[tuple[str, str]]] = []
        self._cell: list[str] | None = None
        self._href = ""
        self._in_caption = False
        self._in_body = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "caption":
            self._in_caption, self._caption = True, ""
        elif tag == "tbody":
            self._in_body, self._rows = True, []
        elif tag == "tr" and self._in_body:
            self._rows.append([])
        elif tag in ("th", "td") and self._in_body:
            self._cell, self._href = [], ""
        elif tag == "a" and self._cell is not None:
            self._href = dict(attrs).get("href", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._in_caption = False
        elif tag == "tbody":
            self._in_body = False
            self.tables[self._caption or ""] = self._rows
        elif tag in ("th", "td") and self._cell is not None:
            self._rows[-1].append(("".join(self._cell).strip(), self._href))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._in_caption:
            self._caption += data
        elif self._cell is not None:
            self._cell.append(data)


def page_tables(html: str) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """caption -> {row label: [(number text, href), …]}."""
    reader = TableReader()
    reader.feed(html)
    return {caption.strip(): {row[0][0]: row[1:] for row in rows} for caption, rows in reader.tables.items()}


def query_of(url: str) -> dict[str, list[str]]:
    parts = urlsplit(url)
    return {"path": [parts.path], **{k: sorted(v) for k, v in parse_qs(parts.query).items()}}


def svg_charts(html: str) -> list[ET.Element]:
    """Every inline chart, parsed as XML (a malformed one raises ParseError)."""
    return [ET.fromstring(chunk) for chunk in re.findall(r"<svg class=\"bar-chart\".*?</svg>", html, re.S)]
