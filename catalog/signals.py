"""Signals of the catalogue's own bulk writes, which send no `post_save`.

`products_imported(sender=Product, product_ids, producer_ids)` is sent inside the import's
transaction once its rows are written. The search app listens (re-index after commit, clear its
caches): catalog is the bottom app and never calls search itself."""

from django.dispatch import Signal

products_imported = Signal()
