#!/usr/bin/env python3
"""Crawl every page reachable from the home page of a running site; report any 5xx.

    python scripts/crawl.py http://127.0.0.1:8000/ [--limit 2000]

Follows same-site links (a[href]) breadth-first, skipping admin areas, logout and
language switching; exits 1 when any page answers 5xx or cannot be fetched."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.error import HTTPError, URLError
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen

SKIP_PREFIXES = (
    "/cms/",
    "/dashboard/",
    "/django-admin/",
    "/accounts/logout",
    "/i18n/",
    "/static/",
    "/media/",
)


class LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def same_site_links(base: str, page_url: str, html: str) -> list[str]:
    parser = LinkParser()
    parser.feed(html)
    host = urlsplit(base).netloc
    found = []
    for href in parser.links:
        url = urldefrag(urljoin(page_url, href))[0]
        parts = urlsplit(url)
        if (
            parts.scheme in ("http", "https")
            and parts.netloc == host
            and not parts.path.startswith(SKIP_PREFIXES)
        ):
            found.append(url)
    return found


def crawl(base: str, limit: int) -> int:
    queue, seen, statuses, failures = deque([base]), {base}, Counter(), []
    started = time.perf_counter()
    while queue and len(seen) <= limit:
        url = queue.popleft()
        try:
            with urlopen(url, timeout=30) as response:
                status, body = response.status, response.read().decode("utf-8", "replace")
        except HTTPError as error:
            status, body = error.code, ""
        except URLError as error:
            status, body = 0, ""
            print(f"unreachable {url}: {error.reason}", file=sys.stderr)
        statuses[status] += 1
        if status >= 500 or status == 0:
            failures.append((status, url))
        for link in same_site_links(base, url, body):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    elapsed = time.perf_counter() - started
    summary = dict(sorted(statuses.items()))
    print(f"crawled {sum(statuses.values())} pages in {elapsed:.1f}s; statuses: {summary}")
    for status, url in failures:
        print(f"  {status} {url}")
    return 1 if failures else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", nargs="?", default="http://127.0.0.1:8000/")
    parser.add_argument("--limit", type=int, default=2000, help="stop after this many distinct pages")
    args = parser.parse_args()
    sys.exit(crawl(args.base, args.limit))


if __name__ == "__main__":
    main()
