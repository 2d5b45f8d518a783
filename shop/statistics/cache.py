"""The statistics' cache: every figure is kept under the catalogue version (search.catalogue_version).

Any save or delete of what the figures count (products and their categories, stock records,
producers, display points, categories, provinces) and a provincial list import replace that version
(at once and again after the commit), so the next request in every process computes afresh; the
search facet counts share it. Other writes without signals (`QuerySet.update`): the cache timeout
bounds how long their figures can lag."""

from __future__ import annotations

from search.catalogue_version import catalogue_version

__all__ = ["CACHE_SECONDS", "catalogue_version"]

# The backstop for writes without signals; a signalled change shows on the next request.
CACHE_SECONDS = 15 * 60
