"""Catalogue pages: product detail with its certificate, and province pages."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from oscar.apps.catalogue import views as oscar_views
from oscar.core.loading import get_class, get_model

from .querysets import PRODUCER_APPROVED
from .reviews.selectors import product_review_summary
from .selectors import product_neighbours

Product = get_model("catalogue", "Product")
Province = get_model("catalogue", "Province")
DisplayPoint = get_model("displays", "DisplayPoint")
ProductListMixin = get_class("search.views", "ProductListMixin")


class ProductDetailView(oscar_views.ProductDetailView):
    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("province", "producer", "producer__province", "product_class")
            .prefetch_related(
                "images",
                "stockrecords",
                "categories",
                "producer__links",
                Prefetch("display_points", queryset=DisplayPoint.objects.select_related("province")),
            )
        )

    def is_viewable(self, product, request) -> bool:
        # The same rule as the listings (OcopProductQuerySet.browsable): a product of a stall
        # awaiting approval or refused is not shown, except to staff.
        producer_open = product.producer_id is None or product.producer.status == PRODUCER_APPROVED
        return super().is_viewable(product, request) and (producer_open or request.user.is_staff)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        product = self.object
        context["display_points"] = list(product.display_points.all())
        context["category"] = next(iter(product.categories.all()), None)
        context["reviews"] = product_review_summary(product=product)
        context["neighbours"] = product_neighbours(product=product)
        return context


class ProvinceDetailView(ProductListMixin):
    """A province: its products (filterable like the catalogue), producers and display points."""

    template_name = "oscar/catalogue/province.html"

    def get(self, request, *args, **kwargs):
        self.province = get_object_or_404(
            Province.objects.prefetch_related("former_names"), slug=kwargs["slug"]
        )
        return super().get(request, *args, **kwargs)

    def get_fixed_filters(self) -> dict:
        return {"province": [self.province.code]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["province"] = self.province
        context["producers"] = list(self.province.producers.order_by("name")[:50])
        context["display_points"] = list(self.province.display_points.all())
        return context
