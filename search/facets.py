"""Facet vocabularies: the values each facet can take and their labels."""

from __future__ import annotations

from django.utils.translation import gettext as _
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")
Province = get_model("catalogue", "Province")
Category = get_model("catalogue", "Category")


def facet_choices() -> dict[str, list[tuple[str, str, int]]]:
    """Every facet's (value, label, depth) in display order: 2 queries (provinces, categories)."""
    categories = Category.objects.filter(is_public=True).order_by("path")
    return {
        "stars": [(str(n), _("%(stars)s stars") % {"stars": n}, 1) for n in (5, 4, 3)],
        "province": [(p.code, p.name, 1) for p in Province.objects.order_by("name")],
        "category": [(c.slug, c.display_name, c.depth) for c in categories],
        "producer_type": [(value, str(label), 1) for value, label in Partner.Kind.choices],
        "status": [(value, str(label), 1) for value, label in Product.CertificateStatus.choices],
    }
