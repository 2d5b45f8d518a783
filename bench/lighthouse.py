"""Lighthouse (mobile) scores of the storefront's main pages against the phone-first targets.

    make run                              # in one terminal: the demo site on http://127.0.0.1:8000
    (cd bench/lighthouse && npm ci)       # once: Lighthouse from the npm registry
    .venv/bin/python bench/lighthouse.py  # audits home, a category, a product, a stall, a fair

Lighthouse drives Debian's Chromium (CHROME_PATH, default /usr/bin/chromium) with its mobile
form factor (a 412×823 phone on a throttled 4G link). The pages are picked from the site's own
/sitemap.xml, so the command works on any catalogue. Prints one row per page with each category's
score, the cumulative layout shift, the first-load weight without product images, and the audits
that failed; the exit status is 1 when a page misses a target.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import urlopen

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
CLS_TARGET = 0.05
WEIGHT_TARGET_KB = 500
# The sitemap section each audited page is taken from (its first entry), in the order printed.
SECTIONS = {"category": "categories", "product": "products", "stall": "stalls", "fair": "pages"}


@dataclass
class Audit:
    page: str
    url: str
    scores: dict[str, int] = field(default_factory=dict)
    cls: float = 0.0
    weight_kb: float = 0.0  # everything but images
    failed: list[str] = field(default_factory=list)

    def misses(self) -> list[str]:
        missed = [
            f"{name} {self.scores[name]} < {goal}"
            for name, goal in TARGETS.items()
            if self.scores[name] < goal
        ]
        if self.cls >= CLS_TARGET:
            missed.append(f"CLS {self.cls:.3f} ≥ {CLS_TARGET}")
        if self.weight_kb > WEIGHT_TARGET_KB:
            missed.append(f"{self.weight_kb:.0f} KB > {WEIGHT_TARGET_KB} KB")
        return missed


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="the running site (make run)")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (the median is kept)")
    parser.add_argument("--json", type=Path, help="also write every report's figures to this file")
    return parser.parse_args()


def sitemap_locations(base: str, path: str) -> list[str]:
    try:
        with urlopen(base + path, timeout=30) as response:
            xml = response.read().decode()
    except URLError as error:
        sys.exit(f"{base + path}: {error.reason}. Start the site first (make run).")
    return re.findall(r"<loc>([^<]+)</loc>", xml)


def pages_to_audit(base: str) -> dict[str, str]:
    """home, then the first URL of each sitemap section, moved onto `base` (the sitemap uses SITE_URL)."""
    pages = {"home": base + "/"}
    sections = sitemap_locations(base, "/sitemap.xml")
    for page, section in SECTIONS.items():
        section_url = next(
            (url for url in sections if f"section={section}" in url or f"-{section}." in url), None
        )
        if section_url is None:
            sys.exit(f"/sitemap.xml has no '{section}' section: {sections}")
        split = urlsplit(section_url)
        locations = sitemap_locations(base, split.path + (f"?{split.query}" if split.query else ""))
        if page == "fair":
            locations = [url for url in locations if "/hoi-cho/" in url or "/fairs/" in url] or locations
            locations = [url for url in locations if urlsplit(url).path.count("/") > 2] or locations
        if not locations:
            sys.exit(f"the '{section}' sitemap is empty: load the demo data (make run)")
        pages[page] = base + urlsplit(locations[0]).path
    return pages


def lighthouse(url: str, chrome: str, attempts: int = 3) -> dict:
    """One Lighthouse report of `url`; a run Chromium fails to start is tried again once."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--form-factor=mobile",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ]
        env = {**os.environ, "CHROME_PATH": chrome}
        for _attempt in range(attempts):
            done = subprocess.run(command, env=env, capture_output=True, text=True)
            if done.returncode == 0:
                return json.loads(report.read_text())
        sys.exit(f"Lighthouse failed on {url} ({attempts} attempts):\n{done.stderr[-2000:]}")


def figures(page: str, url: str, report: dict) -> Audit:
    audit = Audit(page=page, url=url)
    for name in CATEGORIES:
        audit.scores[name] = round(100 * (report["categories"][name]["score"] or 0))
    audits = report["audits"]
    audit.cls = audits["cumulative-layout-shift"]["numericValue"]
    resources = audits["resource-summary"]["details"]["items"]
    by_type = {item["resourceType"]: item["transferSize"] for item in resources}
    audit.weight_kb = (by_type.get("total", 0) - by_type.get("image", 0)) / 1024
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            result = audits[ref["id"]]
            scored = ref.get("weight", 0) and result.get("score") is not None
            if name != "performance" and scored and result["score"] < 1:
                audit.failed.append(f"{ref['id']}: {result['title']}")
    return audit


def median_audit(runs: list[Audit]) -> Audit:
    """The run with the median performance score (the other categories do not vary between runs)."""
    return sorted(runs, key=lambda audit: audit.scores["performance"])[len(runs) // 2]


def main() -> int:
    args = parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"Lighthouse is not installed: (cd {HERE / 'lighthouse'} && npm ci)")
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    base = args.base_url.rstrip("/")
    results = []
    pages = pages_to_audit(base)
    for url in pages.values():
        urlopen(url, timeout=60).read()  # the site's caches warm, as on a site in use
    for page, url in pages.items():
        runs = [figures(page, url, lighthouse(url, chrome)) for _ in range(args.runs)]
        results.append(median_audit(runs))

    header = f"{'page':<9} {'perf':>4} {'a11y':>4} {'b.p.':>4} {'seo':>4} {'CLS':>6} {'KB*':>5}  url"
    print(f"\nLighthouse, mobile form factor, {args.runs} run(s) per page (median)\n{header}")
    for audit in results:
        s = audit.scores
        print(
            f"{audit.page:<9} {s['performance']:>4} {s['accessibility']:>4} {s['best-practices']:>4} "
            f"{s['seo']:>4} {audit.cls:>6.3f} {audit.weight_kb:>5.0f}  {audit.url}"
        )
    print(
        f"{'target':<9} {TARGETS['performance']:>3}+ {TARGETS['accessibility']:>4} "
        f"{TARGETS['best-practices']:>4} {TARGETS['seo']:>4} {'<' + str(CLS_TARGET):>6} {WEIGHT_TARGET_KB:>5}"
    )
    print("* first-load transfer without images, KB")
    for audit in results:
        for failed in audit.failed:
            print(f"  {audit.page}: {failed}")
    if args.json:
        args.json.write_text(json.dumps([audit.__dict__ for audit in results], indent=2, ensure_ascii=False))
    missed = {audit.page: audit.misses() for audit in results if audit.misses()}
    for page, misses in missed.items():
        print(f"MISSED {page}: {'; '.join(misses)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
