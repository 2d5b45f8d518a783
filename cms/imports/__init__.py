"""Importing provincial OCOP product lists in the Wagtail admin: upload → dry-run report → confirm.

The import itself is `catalog.importers` (the same code path as `ocop_import_products` and the
demo data); this package is only its admin screens, hooked in by `cms.wagtail_hooks`."""
