"""A producer's public stall (its products, story, contact and outside links), and sign-up."""

from __future__ import annotations

from django.contrib.auth import login
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView
from oscar.core.loading import get_class, get_model

from catalog.services import product_draft_create

from .services import producer_sign_up
from .structured_data import stall_organization

Partner = get_model("partner", "Partner")
Province = get_model("catalogue", "Province")
ProvinceFormerName = get_model("catalogue", "ProvinceFormerName")
DisplayPoint = get_model("displays", "DisplayPoint")
ProductListMixin = get_class("search.views", "ProductListMixin")
ProducerSignUpForm = get_class("partner.forms", "ProducerSignUpForm")
FirstProductForm = get_class("partner.forms", "FirstProductForm")


class StallDetailView(ProductListMixin):
    template_name = "oscar/partner/stall.html"

    def get(self, request, *args, **kwargs):
        # A stall awaiting approval, or refused, does not exist for the public.
        self.producer = get_object_or_404(
            Partner.objects.filter(status=Partner.Status.APPROVED)
            .select_related("province")
            .prefetch_related("links"),
            code=kwargs["slug"],
        )
        return super().get(request, *args, **kwargs)

    def get_fixed_filters(self) -> dict[str, list[str]]:
        return {"producer": [self.producer.code]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["producer"] = self.producer
        context["organization_jsonld"] = stall_organization(self.producer)
        context["display_points"] = list(
            DisplayPoint.objects.filter(products__producer=self.producer)
            .select_related("province")
            .distinct()
            .order_by("province__sort_key", "name")
        )
        return context


class ProducerSignUpView(FormView):
    """ "Mở gian hàng": a new account and a pending stall; the applicant lands on its status page."""

    form_class = ProducerSignUpForm
    template_name = "oscar/partner/sign_up.html"

    def get_form_kwargs(self) -> dict:
        return super().get_form_kwargs() | {"host": self.request.get_host()}

    def get_context_data(self, **kwargs):
        kwargs.setdefault("product_form", FirstProductForm())
        context = super().get_context_data(**kwargs)
        # Current names first, then former ones: either is accepted (shop.partner.forms).
        names = [
            *Province.objects.order_by("sort_key").values_list("name", flat=True),
            *ProvinceFormerName.objects.order_by("sort_key").values_list("name", flat=True),
        ]
        context["province_names"] = list(dict.fromkeys(names))
        return context

    def post(self, request, *args, **kwargs):
        form, product_form = self.get_form(), FirstProductForm(request.POST)
        if not (form.is_valid() and product_form.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, product_form=product_form))
        user = form.save(commit=False)  # Oscar's: username generated, password set
        with transaction.atomic():
            producer = producer_sign_up(user=user, **form.producer_fields())
            if product_form.given:
                data = product_form.cleaned_data
                product_draft_create(
                    producer=producer,
                    title=data["title"],
                    category=data["category"],
                    submitted_by=user,
                    certificate=product_form.certificate(),
                )
        login(self.request, user, backend="oscar.apps.customer.auth_backends.EmailBackend")
        return redirect("dashboard:application-status")
