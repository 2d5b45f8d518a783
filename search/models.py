"""What search keeps in the database: the re-index outbox (Oscar's search app has no models)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catalog.outbox import OutboxRow


class IndexOutbox(OutboxRow):
    """Products and producers (and whether the province names) a committed transaction changed,
    still to be re-indexed in Elasticsearch (search.tasks drains it)."""

    class Meta:
        default_permissions = ()
        verbose_name = _("search index outbox row")
        verbose_name_plural = _("search index outbox")
