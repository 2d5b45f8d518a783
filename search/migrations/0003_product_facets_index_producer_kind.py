"""PostgreSQL: the facets index also carries the producer type, now on the product row
(catalog.producer_kinds), so the facet counts stay an index-only scan without a join."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS search_product_facets ON catalogue_product "
    "(producer_id, province_id, stars, lowest_price, expires_on, date_created) INCLUDE (id{}) "
    "WHERE is_public AND parent_id IS NULL"
)


def _index(with_kind: bool):
    def recreate(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute("DROP INDEX IF EXISTS search_product_facets")
            schema_editor.execute(CREATE.format(", producer_kind" if with_kind else ""))

    return recreate


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_postgresql_product_search_indexes"),
        ("catalogue", "0042_product_producer_kind"),
    ]

    operations = [migrations.RunPython(_index(True), _index(False), elidable=False)]
