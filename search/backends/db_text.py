"""Text matching for the database backend: folded words, typo tolerance and exact-accent ranking.

A query word of MIN_FUZZY_LENGTH letters or more also matches the words of the catalogue one edit
away from it (insert, delete, substitute, transpose): the candidates are the query word's edits
intersected with the vocabulary of folded words in Product.search_text, kept per process and
rebuilt when a product is saved or every few minutes (ProcessCache): the vocabulary stays in each
process, its validity token in Django's cache, which CACHE_URL (Redis) shares between app servers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.signals import post_delete, post_save
from oscar.core.loading import get_model

from catalog.signals import products_imported
from catalog.utils import words as folded_words

from ..query_text import parse
from ..tokens import shared_token

Product = get_model("catalogue", "Product")

MIN_FUZZY_LENGTH = 4
CACHE_SECONDS = 300
T = TypeVar("T")


class ProcessCache(Generic[T]):
    """A value built from the database and kept in this process while its token lives in Django's cache.

    Clearing (or the token expiring after `seconds`) makes every process rebuild on its next use —
    every process of every app server when the cache is shared (CACHE_URL); the value itself never
    travels through the cache, only a short token does."""

    def __init__(self, name: str, build: Callable[[], T], seconds: int = CACHE_SECONDS) -> None:
        self.key = f"search:process-cache:{name}"
        self.build = build
        self.seconds = seconds
        self._held: tuple[str, T] | None = None

    def get(self) -> T:
        token = shared_token(self.key, self.seconds)
        if token is None:  # a cache that keeps nothing (DummyCache): never trust a held value
            return self.build()
        held = self._held
        if held is not None and held[0] == token:
            return held[1]
        value = self.build()
        self._held = (token, value)
        return value

    def clear(self, **kwargs) -> None:
        """Rebuild on next use; again after the transaction commits, so nobody keeps stale rows."""
        cache.delete(self.key)
        transaction.on_commit(lambda: cache.delete(self.key))


def _vocabulary_build() -> tuple[frozenset[str], str]:
    found: set[str] = set()
    texts = Product.objects.order_by().values_list("search_text", flat=True)  # unsorted: no sort of every row
    for text in texts.iterator(chunk_size=2000):
        found.update(text.split())
    return frozenset(found), "".join(sorted({ch for word in found for ch in word}))


vocabulary = ProcessCache("vocabulary", _vocabulary_build)


def receivers_connect() -> None:
    """Called from SearchConfig.ready (search.receivers.connect)."""
    post_save.connect(vocabulary.clear, sender=Product, dispatch_uid="search-vocabulary-save")
    post_delete.connect(vocabulary.clear, sender=Product, dispatch_uid="search-vocabulary-delete")
    products_imported.connect(vocabulary.clear, dispatch_uid="search-vocabulary-import")


def edits1(word: str, alphabet: str) -> set[str]:
    """Every string one insertion, deletion, substitution or transposition away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in alphabet}
    inserts = {a + c + b for a, b in splits for c in alphabet}
    return (deletes | transposes | replaces | inserts) - {word}


def near_words(word: str) -> list[str]:
    """The catalogue's words one edit away from a query word long enough to be fuzzy, sorted."""
    if len(word) < MIN_FUZZY_LENGTH:
        return []
    known, alphabet = vocabulary.get()
    return sorted(edits1(word, alphabet) & known)


def text_q(text: str, *, fuzzy: bool = True, prefix: bool = True) -> Q:
    """Every folded word of the query must match a whole word of search_text (the last one also as
    a prefix, unless `prefix` is False: typing "mat o" finds "mật ong"); a long word also matches
    its near words. A place name in the query ("binh dinh") must appear as that phrase."""
    parsed = parse(text)
    condition = Q()
    for place in parsed.places:
        # search_text is padded with spaces (catalog.services.product_search_text).
        condition &= Q(search_text__contains=f" {place.phrase} ")
    for position, word in enumerate(parsed.words, start=1):
        last = prefix and parsed.prefix_last and position == len(parsed.words)
        either = Q(search_text__contains=f" {word}" if last else f" {word} ")
        for candidate in near_words(word) if fuzzy else ():
            either |= Q(search_text__contains=f" {candidate} ")
        condition &= either
    return condition


def place_rank(text: str) -> Case | Value:
    """How much a product comes from the places the query names: per place 2 when its certificate
    was issued in that former province (Product.province_old), else 1 when it lies in that
    province today; summed over the places."""
    tiers = []
    for place in parse(text).places:
        tiers.append(
            Case(
                When(province_old__folded__in=place.former or ["-"], then=Value(2)),
                When(province__code__in=place.provinces, then=Value(1)),
                default=Value(0),
            )
        )
    if not tiers:
        return Value(0, output_field=IntegerField())
    total = tiers[0]
    for tier in tiers[1:]:
        total = total + tier
    return total


def relevance_rank(products: QuerySet, text: str) -> QuerySet:
    """Annotate the relevance tiers of a text match, best first when ordered by -place, -whole,
    -exact, -plain: `place` = how much it comes from the places named (place_rank), `whole` = 1
    where every word matched a whole word ("tra" is trà, before ngọc trai and tranh), `exact` = 1
    where the title contains the query as typed, accents included ("bánh" ranks Bánh… before
    Bành…), `plain` = 1 where every word matched without a typo allowance.

    Case-insensitive: SQLite's LIKE folds ASCII letters only, so the usual capitalisations of the
    query are tried too ("bánh đậu", "Bánh đậu", "Bánh Đậu"…; on PostgreSQL one test would do)."""
    phrase = " ".join(text.split())
    if not folded_words(phrase):
        zero = Value(0, output_field=IntegerField())
        return products.annotate(place=zero, whole=zero, exact=zero, plain=zero)
    as_typed = Q()
    for variant in dict.fromkeys(
        (phrase, phrase.lower(), phrase.capitalize(), phrase.title(), phrase.upper())
    ):
        as_typed |= Q(title__icontains=variant)
    return products.annotate(
        place=place_rank(phrase),
        whole=Case(When(text_q(phrase, fuzzy=False, prefix=False), then=Value(1)), default=Value(0)),
        exact=Case(When(as_typed, then=Value(1)), default=Value(0)),
        plain=Case(When(text_q(phrase, fuzzy=False), then=Value(1)), default=Value(0)),
    )
