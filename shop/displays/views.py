"""Display point pages: the list by province and one showroom with the products it stocks."""

from __future__ import annotations

from django.views.generic import DetailView, ListView

from .models import DisplayPoint
from .structured_data import display_point_business


class DisplayPointListView(ListView):
    template_name = "displays/list.html"
    context_object_name = "display_points"
    paginate_by = 60

    def get_queryset(self):
        return DisplayPoint.objects.select_related("province").order_by("province__name", "name")


class DisplayPointDetailView(DetailView):
    template_name = "displays/detail.html"
    context_object_name = "display_point"

    def get_queryset(self):
        return DisplayPoint.objects.select_related("province")

    def get_context_data(self, **kwargs):
        from oscar.core.loading import get_model

        Product = get_model("catalogue", "Product")
        context = super().get_context_data(**kwargs)
        context["products"] = list(Product.objects.for_listing().filter(display_points=self.object)[:48])
        context["business_jsonld"] = display_point_business(self.object)
        return context
