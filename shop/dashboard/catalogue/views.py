"""Dashboard catalogue: producers edit their own products (review on publish-worthy changes),
enter certificates as claims; staff review both in queues."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic
from oscar.apps.dashboard.catalogue import views as oscar_views
from oscar.core.loading import get_class, get_model

from catalog import services

from .bulk_actions import PrintShelfLabelsAction
from .forms import CertificateClaimForm, ProducerProductForm, ReviewDecisionForm

Product = get_model("catalogue", "Product")
CertificateClaim = get_model("catalogue", "CertificateClaim")
PartnerProductFilterMixin = get_class("dashboard.catalogue.mixins", "PartnerProductFilterMixin")

# A producer's change of these (or of its images) must be seen by staff before it is public.
REVIEWED_FIELDS = {"title", "description"}


def stall_of(user: Any) -> Any:
    """The producer (partner) a dashboard user works for; 403 for a user without one."""
    partner = user.partners.order_by("pk").first()
    if partner is None:
        raise PermissionDenied
    return partner


class ProductListView(oscar_views.ProductListView):
    actions = {"print_shelf_labels": PrintShelfLabelsAction()}

    def get_queryset(self):
        return super().get_queryset().select_related("producer")


class ProductCreateUpdateView(oscar_views.ProductCreateUpdateView):
    """Staff keep Oscar's full form; a producer gets `ProducerProductForm`, its own stock record,
    and its new product or changed title, description or images goes to the review queue."""

    producer = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not request.user.is_staff:
            self.producer = stall_of(request.user)
            if "parent_pk" in kwargs:  # variants are staff's
                raise PermissionDenied
            self.formsets = {k: v for k, v in self.formsets.items() if k != "recommended_formset"}
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self) -> type:
        return ProducerProductForm if self.producer else super().get_form_class()

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.producer:
            kwargs["producer"] = self.producer
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["producer"] = self.producer
        return ctx

    def process_all_forms(self, form: Any) -> HttpResponse:
        missing = [
            prefix
            for prefix in (formset.get_default_prefix() for formset in self.formsets.values())
            if self.request.method == "POST" and f"{prefix}-TOTAL_FORMS" not in self.request.POST
        ]
        if missing:  # not our form (Oscar's formsets would fail with a 500 on it)
            return HttpResponseBadRequest(
                _("The product form is incomplete (missing: %(parts)s): reload the page and try again.")
                % {"parts": ", ".join(missing)}
            )
        # Oscar saves a new product before validating the formsets: one transaction, so an
        # invalid submission leaves nothing behind.
        with transaction.atomic():
            return super().process_all_forms(form)

    form_valid = form_invalid = process_all_forms

    def forms_valid(self, form: Any, formsets: dict[str, Any]) -> HttpResponse:
        needs_review = self.producer is not None and (
            self.creating
            or bool(REVIEWED_FIELDS & set(form.changed_data))
            or formsets["image_formset"].has_changed()
            or self.object.listing_status == Product.ListingStatus.REJECTED
        )
        response = super().forms_valid(form, formsets)
        if needs_review:
            services.product_listing_submit(product=self.object)
            messages.info(self.request, _("Staff will review the product before it is public."))
        return response


class ProductCertificateView(PartnerProductFilterMixin, generic.FormView):
    """A producer enters its product's OCOP certificate; it stays unverified until staff check it."""

    template_name = "oscar/dashboard/catalogue/product_certificate.html"
    form_class = CertificateClaimForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        queryset = self.filter_queryset(Product.objects.all())
        self.product = get_object_or_404(queryset, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        pending = self.product.certificate_claims.filter(status=CertificateClaim.Status.PENDING).first()
        source = pending or self.product
        return {name: getattr(source, name) for name in CertificateClaim.CERTIFICATE_FIELDS}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["product"] = self.product
        ctx["claims"] = self.product.certificate_claims.order_by("-submitted_at")[:10]
        return ctx

    def form_valid(self, form: Any) -> HttpResponse:
        values = {name: form.cleaned_data.get(name) for name in CertificateClaim.CERTIFICATE_FIELDS}
        values["certificate_number"] = values["certificate_number"] or ""
        try:
            services.certificate_claim_submit(product=self.product, submitted_by=self.request.user, **values)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Certificate sent: staff will check it against the decision."))
        return redirect("dashboard:catalogue-product-certificate", pk=self.product.pk)


class ProductReviewListView(generic.ListView):
    """Staff's queue of producers' products awaiting review."""

    template_name = "oscar/dashboard/catalogue/product_review_list.html"
    context_object_name = "products"
    paginate_by = 50

    def get_queryset(self):
        return (
            Product.objects.filter(listing_status=Product.ListingStatus.PENDING)
            .select_related("producer", "province")
            .prefetch_related("images", "stockrecords")
            .order_by("date_updated", "pk")
        )


class ProductReviewDecisionView(generic.View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        product = get_object_or_404(Product, pk=pk, listing_status=Product.ListingStatus.PENDING)
        form = ReviewDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose approve or reject, and give a reason to reject."))
        elif form.cleaned_data["decision"] == "approve":
            services.product_listing_approve(product=product, checked_by=request.user)
            messages.success(request, _("“%(title)s” is published.") % {"title": product.title})
        else:
            services.product_listing_reject(
                product=product, checked_by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request, _("“%(title)s” was sent back to its producer.") % {"title": product.title}
            )
        return HttpResponseRedirect(reverse("dashboard:catalogue-product-review-list"))


class CertificateClaimListView(generic.ListView):
    """Staff's queue of certificates producers entered, to check against the decisions."""

    template_name = "oscar/dashboard/catalogue/certificate_claim_list.html"
    context_object_name = "claims"
    paginate_by = 50

    def get_queryset(self):
        return (
            CertificateClaim.objects.filter(status=CertificateClaim.Status.PENDING)
            .select_related("product", "product__producer", "submitted_by")
            .order_by("submitted_at", "pk")
        )


class CertificateClaimDecisionView(generic.View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        claim = get_object_or_404(CertificateClaim, pk=pk)
        if claim.status != CertificateClaim.Status.PENDING:
            raise Http404
        form = ReviewDecisionForm(request.POST)
        try:
            if not form.is_valid():
                messages.error(request, _("Choose verify or reject, and give a reason to reject."))
            elif form.cleaned_data["decision"] == "approve":
                services.certificate_claim_verify(claim=claim, checked_by=request.user)
                messages.success(request, _("Certificate verified."))
            else:
                services.certificate_claim_reject(
                    claim=claim, checked_by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("Certificate rejected; the producer is told why."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(reverse("dashboard:catalogue-certificate-claim-list"))
