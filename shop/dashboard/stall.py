"""The producer's stall profile in the dashboard: a producer edits its own stall, staff any."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from oscar.core.loading import get_model

from shop.partner.forms import PartnerLinkFormSet, StallProfileForm

Partner = get_model("partner", "Partner")
DisplayPoint = get_model("displays", "DisplayPoint")


class StallProfileView(View):
    template_name = "oscar/dashboard/partner/stall_form.html"

    def get_stall(self, request: HttpRequest, pk: int | None) -> Partner:
        if pk is not None:  # staff only (permissions_map), any stall
            return get_object_or_404(Partner, pk=pk)
        # A producer's own stall, the one linked through partner.users; never one named in the URL.
        return get_object_or_404(Partner.objects.filter(users=request.user).order_by("pk")[:1])

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        stall = self.get_stall(request, pk)
        return self.render(
            request, stall, StallProfileForm(instance=stall), PartnerLinkFormSet(instance=stall)
        )

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        stall = self.get_stall(request, pk)
        form = StallProfileForm(request.POST, request.FILES, instance=stall)
        links = PartnerLinkFormSet(request.POST, instance=stall)
        if not (form.is_valid() and links.is_valid()):
            return self.render(request, stall, form, links, status=400)
        with transaction.atomic():
            form.save()
            links.save()
        messages.success(request, _("Your stall profile has been saved."))
        return redirect(request.path)

    def render(
        self, request: HttpRequest, stall: Partner, form: Any, links: Any, status: int = 200
    ) -> HttpResponse:
        points = DisplayPoint.objects.filter(products__producer=stall).select_related("province").distinct()
        context = {"stall": stall, "form": form, "links": links, "display_points": points}
        return render(request, self.template_name, context, status=status)
