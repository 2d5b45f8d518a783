"""The review queue of producer applications (staff) and an applicant's own status page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView, View
from oscar.core.loading import get_model

from shop.partner.services import producer_approve, producer_reject

from .forms import ApplicationRejectForm

Partner = get_model("partner", "Partner")

REVIEWABLE = [Partner.Status.PENDING, Partner.Status.REJECTED]


class ApplicationListView(ListView):
    """Pending applications, oldest first (or the rejected ones), with the count of each."""

    template_name = "oscar/dashboard/applications/application_list.html"
    context_object_name = "applications"
    paginate_by = 25

    def get_status(self) -> str:
        status = self.request.GET.get("status", "")
        return status if status in REVIEWABLE else Partner.Status.PENDING

    def get_queryset(self):
        return (
            Partner.objects.filter(status=self.get_status())
            .select_related("province")
            .order_by("applied_at", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = Partner.objects.aggregate(
            pending=Count("pk", filter=Q(status=Partner.Status.PENDING)),
            rejected=Count("pk", filter=Q(status=Partner.Status.REJECTED)),
        )
        context.update(counts=counts, status=self.get_status(), statuses=Partner.Status)
        return context


class ApplicationDetailView(DetailView):
    template_name = "oscar/dashboard/applications/application_detail.html"
    context_object_name = "application"

    def get_queryset(self):
        return (
            Partner.objects.filter(status__in=REVIEWABLE).select_related("province").prefetch_related("users")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("reject_form", ApplicationRejectForm())
        return context


class ApplicationApproveView(View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        partner = get_object_or_404(Partner, pk=pk, status__in=REVIEWABLE)
        try:
            producer_approve(partner_id=partner.pk)
        except ValidationError as error:  # approved meanwhile by another staff member
            messages.error(request, " ".join(error.messages))
            return redirect("dashboard:application-list")
        messages.success(
            request, _("“%(name)s” is approved; the producer has been emailed.") % {"name": partner.name}
        )
        return redirect("dashboard:application-list")


class ApplicationRejectView(ApplicationDetailView):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        self.object = self.get_object()
        form = ApplicationRejectForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(reject_form=form), status=400)
        try:
            producer_reject(partner_id=self.object.pk, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(reject_form=form), status=400)
        messages.success(
            request,
            _("“%(name)s” is rejected; the producer has been emailed the reason.")
            % {"name": self.object.name},
        )
        return redirect("dashboard:application-list")


class ApplicationStatusView(TemplateView):
    """What a producer awaiting approval (or refused) sees of the dashboard: its application."""

    template_name = "oscar/dashboard/applications/application_status.html"

    def get(self, request, *args, **kwargs):
        self.applications = list(request.user.partners.select_related("province").order_by("pk"))
        if not self.applications:
            return redirect("dashboard:index")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "applications": self.applications,
            "statuses": Partner.Status,
        }
