"""Bulk inserts for the importers: Django's bulk_create, or COPY on PostgreSQL.

A 5,000-row provincial list inserts 5,000 products of 33 columns. As one multi-row INSERT, Django
builds 165,000 placeholders and psycopg quotes every value into the statement text on the client;
COPY streams the same rows, adapted by psycopg's C dumpers. The objects get their ids either way
(on PostgreSQL reserved from the table's sequence first), and neither way sends signals or calls
save(), so what bulk_create promises still holds.

Preparing the values was most of the cost (185,000 `get_db_prep_save` calls for 5,000 rows): for
the field types below, preparing a value of the field's own Python type returns it unchanged on
PostgreSQL, so their values go to psycopg as they are. Any other type, subclasses included
(Oscar's NullCharField turns "" into NULL, its slugs are computed), is prepared by Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.db import connection, models

M = TypeVar("M", bound=models.Model)

AS_IS = frozenset(
    {
        models.BigIntegerField,
        models.BooleanField,
        models.CharField,
        models.DateField,
        models.FloatField,
        models.ForeignKey,
        models.IntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.SmallIntegerField,
        models.TextField,
    }
)


def bulk_insert(model: type[M], objects: Sequence[M], *, batch_size: int) -> None:
    """Insert `objects` (new, unsaved) and set their primary keys."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objects, batch_size=batch_size)
        return
    meta = model._meta
    pk = meta.pk
    fields = [f for f in meta.concrete_fields if f is not pk]
    prepared = [(f, type(f) not in AS_IS) for f in fields]
    for obj in objects:
        # As bulk_create does: a related object saved earlier in the import lends its new id.
        obj._prepare_related_fields_for_save(operation_name="bulk_insert")
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in (pk, *fields))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, pk.column, len(objects)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        # Every value is made before COPY starts: a field may query while preparing one (Oscar's
        # AutoSlugField looks for a free slug), and the connection is busy for the whole COPY.
        rows = [
            [
                pk_value,
                *(
                    f.get_db_prep_save(value, connection) if prepare else value
                    for f, prepare in prepared
                    for value in (f.pre_save(obj, True),)
                ),
            ]
            for obj, pk_value in zip(objects, ids, strict=True)
        ]
        with cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    for obj, pk_value in zip(objects, ids, strict=True):
        setattr(obj, pk.attname, pk_value)
        obj._state.adding = False
        obj._state.db = connection.alias
