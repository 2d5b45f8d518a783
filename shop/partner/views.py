"""A producer's public stall: its products (filterable), story, contact and outside links."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from oscar.core.loading import get_class, get_model

Partner = get_model("partner", "Partner")
DisplayPoint = get_model("displays", "DisplayPoint")
ProductListMixin = get_class("search.views", "ProductListMixin")


class StallDetailView(ProductListMixin):
    template_name = "oscar/partner/stall.html"

    def get(self, request, *args, **kwargs):
        self.producer = get_object_or_404(
            Partner.objects.select_related("province").prefetch_related("links"), code=kwargs["slug"]
        )
        return super().get(request, *args, **kwargs)

    def get_fixed_filters(self) -> dict[str, list[str]]:
        return {"producer": [self.producer.code]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["producer"] = self.producer
        context["display_points"] = list(
            DisplayPoint.objects.filter(products__producer=self.producer)
            .select_related("province")
            .distinct()
            .order_by("province__name", "name")
        )
        return context
