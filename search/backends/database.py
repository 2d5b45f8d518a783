"""The database backend: filters, disjunctive facet counts and sorting with the Django ORM."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery
from oscar.core.loading import get_model

from catalog.querysets import certificate_status_q
from catalog.utils import words as folded_words

from ..facets import category_paths, facet_choices
from .base import FACETS, FacetValue, SearchQuery, SearchResults

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")


class DatabaseBackend:
    name = "database"

    def search(self, query: SearchQuery) -> SearchResults:
        choices = facet_choices()
        base = self._scoped(Product.objects.browsable(), query, choices)
        conditions = {
            name: self._facet_q(name, values, choices) for name, values in query.filters.items() if values
        }
        matching = base.filter(*conditions.values())
        total = matching.count()
        offset = (query.page - 1) * query.page_size
        ids = list(
            self._sorted(matching, query).values_list("pk", flat=True)[offset : offset + query.page_size]
        )
        by_id = {p.pk: p for p in Product.objects.for_listing().filter(pk__in=ids)}
        facets = {}
        for name in FACETS:
            # Disjunctive: a facet's counts ignore its own selection, honour every other.
            others = [q for other, q in conditions.items() if other != name]
            counts = self._counts(name, base.filter(*others), choices)
            selected = set(query.filters.get(name, ()))
            facets[name] = [
                FacetValue(value, label, counts.get(value, 0), value in selected, depth)
                for value, label, depth in choices[name]
            ]
        return SearchResults(
            hits=[by_id[pk] for pk in ids if pk in by_id],
            total=total,
            page=query.page,
            page_size=query.page_size,
            facets=facets,
            backend=self.name,
        )

    def _scoped(self, products: QuerySet, query: SearchQuery, choices) -> QuerySet:
        for name, values in query.scope.items():
            products = products.filter(self._facet_q(name, values, choices))
        words = folded_words(query.text)
        for position, word in enumerate(words, start=1):
            # Whole words, the last one also as a prefix (typing "mat o" finds "mật ong"):
            # search_text is padded with spaces (catalog.services.product_search_text).
            needle = f" {word}" if position == len(words) else f" {word} "
            products = products.filter(search_text__contains=needle)
        return products

    def _facet_q(self, name: str, values: tuple[str, ...], choices) -> Q:
        if name == "stars":
            return Q(stars__in=[int(v) for v in values])
        if name == "province":
            return Q(province__code__in=values)
        if name == "producer_type":
            return Q(producer__kind__in=values)
        if name == "status":
            q = Q()
            for value in values:
                q |= certificate_status_q(value)
            return q
        if name == "producer":
            return Q(producer__code__in=values)
        if name == "category":
            known = category_paths()
            subtree = Q(pk__in=[])
            for path in (known[slug] for slug in values if slug in known):
                subtree |= Q(category__path__startswith=path)
            return Q(Exists(ProductCategory.objects.filter(subtree, product=OuterRef("pk"))))
        raise ValueError(f"Unknown facet {name!r}")

    def _counts(self, name: str, products: QuerySet, choices) -> dict[str, int]:
        if name == "category":
            rows = (
                ProductCategory.objects.filter(product__in=products.values("pk"))
                .values_list("category__path")
                .annotate(n=Count("product_id", distinct=True))
            )
            slug_by_path = {path: slug for slug, path in category_paths().items()}
            counts: Counter[str] = Counter()
            for path, n in rows:
                # A product counts towards its product set and every ancestor sector.
                for end in range(Category.steplen, len(path) + 1, Category.steplen):
                    if slug := slug_by_path.get(path[:end]):
                        counts[slug] += n
            return dict(counts)
        if name == "status":
            values = [value for value, _label, _depth in choices["status"]]
            return products.aggregate(**{v: Count("pk", filter=certificate_status_q(v)) for v in values})
        field = {"stars": "stars", "province": "province__code", "producer_type": "producer__kind"}[name]
        rows = products.order_by().values_list(field).annotate(n=Count("pk"))
        return {str(value): n for value, n in rows if value is not None}

    def _sorted(self, products: QuerySet, query: SearchQuery) -> QuerySet:
        if query.sort in ("price_asc", "price_desc"):
            price = (
                StockRecord.objects.filter(product=OuterRef("pk"))
                .values("product")
                .annotate(p=Min("price"))
                .values("p")
            )
            products = products.annotate(price=Subquery(price))
            if query.sort == "price_asc":
                return products.order_by(F("price").asc(nulls_last=True), "pk")
            return products.order_by(F("price").desc(nulls_last=True), "pk")
        if query.sort == "stars":
            return products.order_by(F("stars").desc(nulls_last=True), "search_text", "pk")
        if query.sort == "newest":
            return products.order_by("-date_created", "-pk")
        return products.order_by(F("stars").desc(nulls_last=True), "-date_created", "-pk")
