"""What an import wrote, and the errors of a refused one."""

from __future__ import annotations

import pytest
from oscar.core.loading import get_model

from catalog.importers import DataImportError, products_import
from catalog.importers.tables import Upload

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")


def state() -> dict[str, object]:
    """Everything an import may write: what a refused or repeated import must leave exactly as is."""
    return {
        "products": sorted(Product.objects.values_list("pk", "date_updated", "title", "stars", "score")),
        "partners": sorted(Partner.objects.values_list("pk", "name", "kind", "province_id")),
        "links": sorted(ProductCategory.objects.values_list("product_id", "category_id")),
        "stock": StockRecord.objects.count(),
    }


def errors_of(upload: Upload) -> list[tuple[int, str, str]]:
    """(row, column, message) of each error; asserts the import wrote nothing."""
    before = state()
    with pytest.raises(DataImportError) as caught:
        products_import(upload)
    assert state() == before
    return [(error.row, error.field, error.message) for error in caught.value.errors]
