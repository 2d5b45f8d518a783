"""Writes to the catalogue that keep derived fields right."""

from __future__ import annotations

from collections.abc import Iterable

from .utils import words


def product_search_text(*, title: str, producer_name: str = "", province_names: Iterable[str] = ()) -> str:
    """The accent-folded words a product is found by: its title, producer and province names
    (current and former, so "yen bai" finds products of Lào Cai).

    Padded with spaces so a search can match whole words (" ong ") or word starts (" on")."""
    found = [word for part in (title, producer_name, *province_names) if part for word in words(part)]
    return f" {' '.join(found)} " if found else ""
