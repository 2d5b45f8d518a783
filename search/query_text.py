"""What a shopper's words mean before any backend matches them: a star rating, place names, words.

"nuoc mam 5 sao" is the text "nuoc mam" and the star filter 5 (also "5*", "5★", "5sao"); the
consecutive words of a province's current or former name ("binh dinh", "quang binh") are one place,
matched as a phrase and ranking that place's products first, never scattered over titles; the other
words are matched one by one, the last one also as a prefix while it ends the query (typing).
Both backends read the same ParsedText, so they agree on what a query means."""

from __future__ import annotations

import re
from dataclasses import dataclass

from oscar.core.loading import get_model

from catalog.utils import fold
from catalog.utils import words as folded_words

from .facets import PLACES_KEY, vocabulary

Province = get_model("catalogue", "Province")
ProvinceFormerName = get_model("catalogue", "ProvinceFormerName")

STAR_VALUES = ("3", "4", "5")
# "5 sao", "5sao", "5 *", "5*", "5★" (on folded text): a star rating, not words to match.
STAR_PATTERN = re.compile(r"(?<![\w.,])([345])\s*(?:sao\b|\*|★)", re.IGNORECASE)
LONGEST_PLACE = 4  # words in the longest province name ("Thành phố Hồ Chí Minh" is "Hồ Chí Minh")


@dataclass(frozen=True)
class Place:
    """Consecutive query words naming a province: the folded phrase, the current provinces it
    names or lies in (codes), and the former provinces of that name (folded names)."""

    phrase: str
    provinces: tuple[str, ...]
    former: tuple[str, ...]


@dataclass(frozen=True)
class ParsedText:
    words: tuple[str, ...] = ()  # folded words matched one by one
    prefix_last: bool = False  # the last of `words` ends the query: it also matches as a prefix
    places: tuple[Place, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.places)


def star_rating(text: str) -> tuple[str, tuple[str, ...]]:
    """The text without its star ratings, and the ratings it named ("chè 4 sao" → "chè", ("4",))."""
    found = tuple(dict.fromkeys(match.group(1) for match in STAR_PATTERN.finditer(text)))
    if not found:
        return text, ()
    return " ".join(STAR_PATTERN.sub(" ", text).split()), found


def places_known() -> dict[str, Place]:
    """Every province name, current or former, folded, as the Place it names."""
    return vocabulary(PLACES_KEY, _places_read)


def _places_read() -> dict[str, Place]:
    provinces: dict[str, set[str]] = {}
    former: dict[str, set[str]] = {}
    for code, name in Province.objects.values_list("code", "name"):
        provinces.setdefault(fold(name), set()).add(code)
    for folded, code in ProvinceFormerName.objects.values_list("folded", "province__code"):
        provinces.setdefault(folded, set()).add(code)
        former.setdefault(folded, set()).add(folded)
    return {
        phrase: Place(phrase, tuple(sorted(codes)), tuple(sorted(former.get(phrase, ()))))
        for phrase, codes in provinces.items()
    }


def parse(text: str) -> ParsedText:
    """The words and places of a query's text (its star ratings already taken out)."""
    words = folded_words(text)
    if not words:
        return ParsedText()
    known = places_known()
    rest: list[str] = []
    places: list[Place] = []
    position = 0
    ends_with_word = True
    while position < len(words):
        for size in range(min(LONGEST_PLACE, len(words) - position), 0, -1):
            place = known.get(" ".join(words[position : position + size]))
            if place is not None:
                places.append(place)
                position += size
                ends_with_word = False
                break
        else:
            rest.append(words[position])
            position += 1
            ends_with_word = True
    return ParsedText(tuple(rest), bool(rest) and ends_with_word, tuple(dict.fromkeys(places)))
