"""PostgreSQL indexes for the database search backend (nothing on SQLite, where they do not apply).

- `search_product_facets`: the columns the facet counts, the total and the sorted pages read, for
  browsable products only, so that counting reads a narrow index (index-only scans) instead of
  every product row with its description.
- `search_product_text_trgm`: a trigram index on the folded search text, so the text conditions
  (`search_text LIKE '% word %'`, search.backends.db_text) find their products without reading
  every row. pg_trgm is a trusted extension: the database owner may create it."""

from django.db import migrations

INDEXES = [
    (
        "CREATE INDEX IF NOT EXISTS search_product_facets ON catalogue_product "
        "(producer_id, province_id, stars, lowest_price, expires_on, date_created) INCLUDE (id) "
        "WHERE is_public AND parent_id IS NULL",
        "DROP INDEX IF EXISTS search_product_facets",
    ),
    ("CREATE EXTENSION IF NOT EXISTS pg_trgm", None),
    (
        "CREATE INDEX IF NOT EXISTS search_product_text_trgm ON catalogue_product "
        "USING gin (search_text gin_trgm_ops)",
        "DROP INDEX IF EXISTS search_product_text_trgm",
    ),
]


def indexes_create(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for create, _drop in INDEXES:
            schema_editor.execute(create)


def indexes_drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for _create, drop in reversed(INDEXES):
            if drop:
                schema_editor.execute(drop)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_index_outbox"),
        ("catalogue", "0041_product_lowest_price"),
    ]

    operations = [migrations.RunPython(indexes_create, indexes_drop, elidable=False)]
