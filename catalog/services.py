"""Writes to the catalogue that keep derived fields right."""

from __future__ import annotations

from collections.abc import Iterable

from .utils import fold


def product_search_text(*, title: str, producer_name: str = "", province_names: Iterable[str] = ()) -> str:
    """The accent-folded text a product is found by: its title, producer and province names
    (current and former, so "yen bai" finds products of Lào Cai)."""
    parts = [title, producer_name, *province_names]
    return " ".join(fold(part) for part in parts if part)
