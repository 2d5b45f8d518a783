"""Importers for OCOP lists (products, places) and the demo and synthetic catalogue builders."""

from .base import DataImportError, ImportSummary, RowError
from .places import places_import, places_validate
from .products import products_import, products_validate

__all__ = [
    "DataImportError",
    "ImportSummary",
    "RowError",
    "places_import",
    "places_validate",
    "products_import",
    "products_validate",
]
