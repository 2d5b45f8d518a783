"""Display point pages: the list by province, one showroom with the products it stocks, and the
shelf labels of those products."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from catalog import verification
from catalog.verification_views import label_sheet_render

from .models import DisplayPoint
from .structured_data import display_point_business


class DisplayPointListView(ListView):
    template_name = "displays/list.html"
    context_object_name = "display_points"
    paginate_by = 60

    def get_queryset(self):
        return DisplayPoint.objects.select_related("province").order_by("province__sort_key", "name")


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


@login_required
def display_point_labels(request: HttpRequest, slug: str) -> HttpResponse:
    """The A4 shelf label sheet of the products a display point stocks: all of them for staff,
    a producer's own for a producer (catalog.verification.label_products_of)."""
    point = get_object_or_404(DisplayPoint, slug=slug)
    products = verification.label_products_of(user=request.user, products=point.products.all())
    title = _("Shelf labels: %(name)s") % {"name": point.name}
    return label_sheet_render(request, products=products, title=title, back_url=point.get_absolute_url())
