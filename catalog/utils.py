"""Text helpers for Vietnamese: readable ASCII slugs and accent folding."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii
from django.utils.text import slugify as django_slugify

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def slugify(value: str, allow_unicode: bool = False) -> str:
    """Vietnamese to readable ASCII: "Đà Lạt" → "da-lat" (never "u0110a-lat").

    The signature is Oscar's OSCAR_SLUG_FUNCTION's; slugs stay ASCII whatever `allow_unicode`."""
    return django_slugify(anyascii(str(value)))


@lru_cache(maxsize=16384)
def fold(value: str) -> str:
    """Lowercase, strip tone marks and diacritics, đ → d, collapse whitespace."""
    text = unicodedata.normalize("NFD", str(value).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", text).strip().lower()


def words(value: str) -> list[str]:
    """The folded words of a text, punctuation dropped: "Mật ong (Hưng Yên)" → [mat, ong, hung, yen]."""
    return list(_words(value))


@lru_cache(maxsize=16384)
def _words(value: str) -> tuple[str, ...]:
    # Pure and called for the same producer and province names on every row of an import.
    return tuple(_WORD.findall(fold(value)))
