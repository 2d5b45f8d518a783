"""The figures in one sentence, as provincial offices report them ("205 products of 3 stars or
more: 10 of 4 stars and 195 of 3 stars, from 94 producers — 54 cooperatives, …; 8 display points")."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from .selectors import Figures

# Lazy plurals pick their form by "count" and print the Vietnamese-grouped number "n" (16.543).
PRODUCTS = ngettext_lazy("%(n)s product of 3 stars or more", "%(n)s products of 3 stars or more", "count")
PRODUCERS = ngettext_lazy("%(n)s producer", "%(n)s producers", "count")
DISPLAY_POINTS = ngettext_lazy("%(n)s display point", "%(n)s display points", "count")
UNRATED = ngettext_lazy(
    "%(n)s more product is listed without a published rating.",
    "%(n)s more products are listed without a published rating.",
    "count",
)
KINDS = {
    "cooperative": ngettext_lazy("%(n)s cooperative", "%(n)s cooperatives", "count"),
    "enterprise": ngettext_lazy("%(n)s enterprise", "%(n)s enterprises", "count"),
    "household": ngettext_lazy("%(n)s household business", "%(n)s household businesses", "count"),
    "cooperative_group": ngettext_lazy("%(n)s cooperative group", "%(n)s cooperative groups", "count"),
    "": ngettext_lazy("%(n)s of unrecorded type", "%(n)s of unrecorded type", "count"),
}


def counted(phrase: Promise, count: int) -> str:
    return phrase % {"count": count, "n": number_format(count, force_grouping=True)}


def join_and(parts: list[str]) -> str:
    if len(parts) < 2:
        return "".join(parts)
    return _("%(items)s and %(last)s") % {"items": ", ".join(parts[:-1]), "last": parts[-1]}


def statistics_sentences(figures: Figures) -> list[str]:
    """The report sentence, then how many more products are listed without a published rating."""
    products = counted(PRODUCTS, figures.rated)
    by_stars = [
        _("%(n)s of %(stars)s stars") % {"n": number_format(n, force_grouping=True), "stars": stars}
        for stars, n in figures.stars.items()
        if n
    ]
    if by_stars:
        products = _("%(products)s: %(by_stars)s") % {"products": products, "by_stars": join_and(by_stars)}
    values = {
        "products": products,
        "producers": counted(PRODUCERS, figures.producers),
        "kinds": join_and(
            [counted(KINDS[row.kind], row.producers) for row in figures.producer_kinds if row.producers]
        ),
        "points": counted(DISPLAY_POINTS, figures.display_points),
    }
    if values["kinds"]:
        sentences = [_("%(products)s, from %(producers)s — %(kinds)s; %(points)s.") % values]
    else:
        sentences = [_("%(products)s, from %(producers)s; %(points)s.") % values]
    if figures.unrated:
        sentences.append(counted(UNRATED, figures.unrated))
    return sentences
