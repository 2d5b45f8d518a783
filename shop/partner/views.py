"""The producers directory, a producer's public stall (its products, story, contact and outside
links), and sign-up."""

from __future__ import annotations

from django.contrib.auth import login
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView, TemplateView
from oscar.core.loading import get_class, get_model

from catalog.services import product_draft_create

from .selectors import producer_directory
from .services import producer_sign_up
from .structured_data import stall_organization

Partner = get_model("partner", "Partner")
Province = get_model("catalogue", "Province")
ProvinceFormerName = get_model("catalogue", "ProvinceFormerName")
DisplayPoint = get_model("displays", "DisplayPoint")
ProductListMixin = get_class("search.views", "ProductListMixin")
ProducerSignUpForm = get_class("partner.forms", "ProducerSignUpForm")
FirstProductForm = get_class("partner.forms", "FirstProductForm")
ProducerFilterForm = get_class("partner.forms", "ProducerFilterForm")


class ProducerListView(TemplateView):
    """/producers/: approved producers, filtered by name (accents optional), province and type."""

    template_name = "oscar/partner/producer_list.html"
    paginate_by = 30

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = ProducerFilterForm(self.request.GET)
        # A page number past the end or not a number shows the last or first page, never an error.
        page = Paginator(producer_directory(**form.filters()), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(
            form=form,
            page=page,
            producers=page.object_list,
            query_string=params.urlencode(),
            # components/pagination.html reads a search's `results` when no number is given.
            pagination={"page": page.number, "num_pages": page.paginator.num_pages},
            # components/pagination.html marks a gap with None.
            page_range=[
                None if number == page.paginator.ELLIPSIS else number
                for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
            ],
        )
        return context


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
