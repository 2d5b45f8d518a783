"""The database backend's facet counts from grouped products: each facet ignores its own
selection and honours every other (search.backends.database.disjunctive_sums)."""

from __future__ import annotations

from search.backends.database import disjunctive_sums

NAMES = ["stars", "province", "price"]
# (stars, province, price band) per group of products, and how many products it holds.
GROUPS = [
    (("5", "01", "0-100000"), 3),
    (("4", "01", "100000-200000"), 2),
    (("5", "79", "100000-200000"), 4),
    (("3", "79", None), 1),  # no price: in no price band
]


def test_without_selections_every_group_counts_everywhere():
    counts, total = disjunctive_sums(GROUPS, NAMES, {})

    assert total == 10
    assert counts == {
        "stars": {"5": 7, "4": 2, "3": 1},
        "province": {"01": 5, "79": 5},
        "price": {"0-100000": 3, "100000-200000": 6},
    }


def test_a_facet_ignores_its_own_selection_and_honours_the_others():
    counts, total = disjunctive_sums(GROUPS, NAMES, {"stars": {"5"}, "province": {"79"}})

    assert total == 4
    assert counts == {
        "stars": {"5": 4, "3": 1},  # in province 79, any stars
        "province": {"01": 3, "79": 4},  # 5 stars, any province
        "price": {"100000-200000": 4},  # 5 stars in 79
    }


def test_a_selection_no_group_meets_counts_nothing_in_total():
    counts, total = disjunctive_sums(GROUPS, NAMES, {"price": {"1000000-"}})

    assert total == 0
    assert counts["price"] == {"0-100000": 3, "100000-200000": 6}
    assert counts["stars"] == counts["province"] == {}
