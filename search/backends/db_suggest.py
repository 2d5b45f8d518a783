"""Autocomplete for the database backend: product titles, producer names and province names.

Matching is on folded words: the words typed must follow each other in the name, the last one
may be the start of a word ("mat on" and "ong hoa" → "Mật ong hoa nhãn"; not "ong mat"). Products
are found with one query on search_text and checked against their titles; producers and provinces
are few enough to match in Python against an index kept per process (ProcessCache), rebuilt when
one is saved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from oscar.core.loading import get_model

from catalog.querysets import PRODUCER_APPROVED
from catalog.signals import products_imported
from catalog.utils import words as folded_words

from .base import Suggestion
from .db_text import ProcessCache, relevance_rank, text_q

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")
Province = get_model("catalogue", "Province")
ProvinceFormerName = get_model("catalogue", "ProvinceFormerName")

# Products whose search_text matches are read in this window, then checked against their titles.
PRODUCT_WINDOW = 100
# Each kind keeps up to this many places before products take the rest of the limit.
RESERVED_PER_KIND = 2


class Linked(Protocol):
    def get_absolute_url(self) -> str: ...


@dataclass(frozen=True)
class Named:
    folded: str  # the folded words of the name, each after a space: " mat ong hoa nhan"
    text: str
    target: Linked  # its URL is reversed only when it is suggested: thousands of reverse() take 1 s

    def suggestion(self, kind: str) -> Suggestion:
        return Suggestion(self.text, kind, self.target.get_absolute_url())


def folded_name(name: str) -> str:
    return "".join(f" {word}" for word in folded_words(name))


def matches(typed: Sequence[str], folded: str) -> bool:
    return f" {' '.join(typed)}" in folded


def _producers_build() -> list[Named]:
    rows = Partner.objects.filter(status=PRODUCER_APPROVED).order_by("name").only("name", "code")
    return [Named(folded_name(p.name), p.name, p) for p in rows]


def _provinces_build() -> list[tuple[str, Named]]:
    """(a current or former name folded, the current province): current names first."""
    current, former = [], []
    for province in Province.objects.prefetch_related("former_names").order_by("sort_key"):
        named = Named(folded_name(province.name), province.name, province)
        current.append((named.folded, named))
        others = (f.name for f in province.former_names.all() if f.name != province.name)
        former.extend((folded_name(name), named) for name in others)
    return current + former


producers = ProcessCache("suggest-producers", _producers_build)
provinces = ProcessCache("suggest-provinces", _provinces_build)


def receivers_connect() -> None:
    """Called from SearchConfig.ready (search.receivers.connect)."""
    for model, kept in ((Partner, producers), (Province, provinces), (ProvinceFormerName, provinces)):
        post_save.connect(kept.clear, sender=model, dispatch_uid=f"suggest-{model.__name__}-save")
        post_delete.connect(kept.clear, sender=model, dispatch_uid=f"suggest-{model.__name__}-delete")
    products_imported.connect(producers.clear, dispatch_uid="suggest-producers-import")


def suggest(text: str, limit: int = 8) -> list[Suggestion]:
    """Products first, then producers, then provinces; each kind keeps a share of the limit."""
    typed = folded_words(text)
    if not typed or limit < 1:
        return []
    groups = [
        _products(text, typed, limit),
        [n.suggestion("producer") for n in producers.get() if matches(typed, n.folded)][:limit],
        _provinces(typed, limit),
    ]
    quota = [0] * len(groups)
    remaining = limit
    for cap in (RESERVED_PER_KIND, limit):
        for i, group in enumerate(groups):
            give = min(max(0, min(len(group), cap) - quota[i]), remaining)
            quota[i] += give
            remaining -= give
    return [item for group, n in zip(groups, quota, strict=True) for item in group[:n]]


def _products(text: str, typed: list[str], limit: int) -> list[Suggestion]:
    """Titles with the words typed, those starting with them first, then as the search ranks them."""
    rows = (
        relevance_rank(Product.objects.browsable().filter(text_q(text, fuzzy=False)), text)
        .order_by("-exact", F("stars").desc(nulls_last=True), "-date_created", "-pk")
        .only("pk", "title", "slug")[:PRODUCT_WINDOW]
    )
    start = f" {' '.join(typed)}"
    found: dict[str, tuple[bool, Suggestion]] = {}
    for product in rows:
        folded = folded_name(product.title)
        # Synthetic catalogues repeat titles across producers: one suggestion per title.
        if product.title not in found and matches(typed, folded):
            suggestion = Suggestion(product.title, "product", product.get_absolute_url())
            found[product.title] = (not folded.startswith(start), suggestion)
    return [suggestion for _later, suggestion in sorted(found.values(), key=lambda item: item[0])][:limit]


def _provinces(typed: list[str], limit: int) -> list[Suggestion]:
    found: dict[str, Suggestion] = {}
    for folded, province in provinces.get():
        if province.text not in found and matches(typed, folded):
            found[province.text] = province.suggestion("province")
    return list(found.values())[:limit]
