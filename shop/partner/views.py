"""A producer's public stall: its products (filterable), story, contact and outside links."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from oscar.core.loading import get_class, get_model

Partner = get_model("partner", "Partner")
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
        return context
