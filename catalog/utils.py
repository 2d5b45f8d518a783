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


# The Vietnamese alphabet, with f, j, w and z (loan words) in their Latin places.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
# The six tones in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter, not the tone


@lru_cache(maxsize=4096)
def collation_key(value: str) -> str:
    """A key that sorts Vietnamese text in dictionary order, on any database and under any collation.

    Letters first (Đ after D, Ă and Â after A, Ư after U), then tones: "Hà Nội" comes before "Huế", and every
    Đ- name after the D- names. The key is digits only (two per character) so that PostgreSQL's locale
    collation, which skips spaces and punctuation, compares it exactly as SQLite and Python do."""
    letters, tones = [], []
    for char in unicodedata.normalize("NFC", str(value).lower().strip()):
        decomposed = unicodedata.normalize("NFD", char)
        marks = decomposed[1:]
        letter = (
            "đ"
            if char == "đ"
            else unicodedata.normalize("NFC", decomposed[0] + "".join(m for m in marks if m in _LETTER_MARKS))
        )
        if letter in _LETTER_RANK:
            code = 12 + _LETTER_RANK[letter]
        elif char.isspace():
            code = 1
        elif char.isdigit():
            code = 2 + int(char)
        else:
            continue  # punctuation does not count
        letters.append(f"{code:02d}")
        tones.append(str(next((_TONE_RANK[m] for m in marks if m in _TONE_RANK), 0)))
    # "00" ends the letters, so a name sorts before the longer names it begins ("Cà Mau" before "Cà Mau Mới").
    return "".join(letters) + "00" + "".join(tones)
