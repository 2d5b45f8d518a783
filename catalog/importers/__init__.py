"""Importers for OCOP lists (products, places) and the demo and synthetic catalogue builders.

Only what the catalogue owns is written here (products, with their producers and offers). The
places list is read here and written by the apps owning those models (`shop.displays.importers`,
`cms.importers`)."""

from .base import DataImportError, ImportSummary, RowError
from .places import places_validate
from .products import products_import, products_validate

__all__ = [
    "DataImportError",
    "ImportSummary",
    "RowError",
    "places_validate",
    "products_import",
    "products_validate",
]
