"""Orders dashboard views scoped per producer: a partner user sees only its own lines and subtotal.

An order may hold goods of several producers (DESIGN.md §5) but Oscar shows every line and the
order total to every partner. Staff keep Oscar's full view.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from oscar.apps.dashboard.orders import views
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency

from shop.fulfilment import services as fulfilment
from shop.fulfilment.models import LINE_STATUS_FOR
from shop.fulfilment.selectors import order_parcels, sales_report
from shop.fulfilment.statuses import line_status_label
from shop.payment import refunds
from shop.payment.selectors import order_refund_options

from . import selectors
from .forms import SalesReportForm, ShipmentForm, ShippingAddressForm
from .reports import sales_report_csv

Line = get_model("order", "Line")
Partner = get_model("partner", "Partner")

# A producer acts on its own lines only: changing the whole order's status or recording payments
# would touch other producers' goods and the customer's money.
PARTNER_ORDER_ACTIONS = ("save_note", "delete_note", "update_shipment")
PARTNER_LINE_ACTIONS = ("change_line_statuses", "create_shipping_event")
# Order-list search fields that Oscar matches against any line of the order: for a producer the
# matching line must be its own, or a search would reveal which orders hold another's goods.
LINE_SEARCH_LOOKUPS = {"product_title": "title__istartswith", "upc": "upc", "partner_sku": "partner_sku"}


class PartnerScopeMixin:
    """Resolves orders through `selectors.orders_for_user` and tells templates whose view it is."""

    request: HttpRequest

    @property
    def partner_view(self) -> bool:
        return not selectors.user_sees_whole_orders(user=self.request.user)

    def get_order_or_404(self, number: str):
        return get_object_or_404(selectors.orders_for_user(user=self.request.user), number=number)


class OrderStatsView(PartnerScopeMixin, views.OrderStatsView):
    def get_stats(self, filters: dict[str, Any]) -> dict[str, Any]:
        stats = super().get_stats(filters)
        if self.partner_view:
            orders = selectors.orders_for_user(user=self.request.user).filter(**filters)
            own = selectors.orders_subtotal_for_partner(orders=orders, user=self.request.user)
            stats.update(total_lines=own.num_lines, total_revenue=own.incl_tax)
        return stats


class OrderListView(PartnerScopeMixin, views.OrderListView):
    def get_actions(self) -> dict[str, Any]:
        actions = super().get_actions()
        if self.partner_view:
            actions.pop("change_order_statuses", None)
        return actions

    def get_queryset(self):
        queryset = super().get_queryset()
        if not self.partner_view:
            return queryset
        user = self.request.user
        line_filters = self._line_search_filters()
        if line_filters:
            own_matches = selectors.lines_for_partner(user=user).filter(**line_filters)
            queryset = queryset.filter(pk__in=own_matches.values("order"))
        queryset = selectors.orders_with_partner_share(orders=queryset, user=user)
        if self.request.GET.get("sort") == "total_incl_tax":
            # Sorting by the order total would leak it: sort by the producer's subtotal instead.
            descending = self.request.GET.get("dir") == "desc"
            queryset = queryset.order_by(("-" if descending else "") + "partner_subtotal_incl_tax")
        return queryset

    def _line_search_filters(self) -> dict[str, str]:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return {lookup: data[field] for field, lookup in LINE_SEARCH_LOOKUPS.items() if data.get(field)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx["partner_view"] = self.partner_view
        return ctx

    def get_row_values(self, order) -> dict[str, Any]:
        row = super().get_row_values(order)
        if self.partner_view:
            row["value"] = order.partner_subtotal_incl_tax
        return row


# Line statuses a parcel step sets: a producer reaches them through its parcel form only, so that
# "shipped" always carries a carrier and a tracking number.
PARCEL_LINE_STATUSES = frozenset(LINE_STATUS_FOR.values())


class OrderDetailView(PartnerScopeMixin, views.OrderDetailView):
    order_actions = (*views.OrderDetailView.order_actions, "refund_card", "update_shipment")
    refund_permission = "payment.refund_orderpayment"

    def get_object(self, queryset=None):
        return self.get_order_or_404(self.kwargs["number"])

    def get_order_lines(self):
        return selectors.order_lines_for_partner(order=self.object, user=self.request.user)

    def handle_order_action(self, request: HttpRequest, order, action: str) -> HttpResponse:
        if self.partner_view and action not in PARTNER_ORDER_ACTIONS:
            return self.reload_page(error=_("Invalid action"))
        return super().handle_order_action(request, order, action)

    def handle_line_action(self, request: HttpRequest, order, action: str) -> HttpResponse:
        if self.partner_view and action not in PARTNER_LINE_ACTIONS:
            return self.reload_page(error=_("Invalid action"))
        # Oscar reads int() of each selected line's quantity field and fails with a 500 when it
        # is missing: refuse such a request with a message instead.
        for line_id in request.POST.getlist("selected_line"):
            if not request.POST.get(f"selected_line_qty_{line_id}", "").strip().isdigit():
                return self.reload_page(error=_("Enter a quantity for every selected line."))
        if (
            self.partner_view
            and action == "change_line_statuses"
            and request.POST.get("new_status", "").strip() in PARCEL_LINE_STATUSES
        ):
            return self.reload_page(
                error=_("Mark your parcel as prepared, shipped or delivered with the parcel form above.")
            )
        return super().handle_line_action(request, order, action)

    def update_shipment(self, request: HttpRequest, order) -> HttpResponse:
        """Move one producer's parcel a step forward (a producer: only a parcel of its own; any
        other producer's id answers 404 before the form is even read)."""
        parcel = self._parcel_or_404(request.POST.get("partner", ""))
        form = ShipmentForm(request.POST)
        if not form.is_valid():
            errors = [error for field_errors in form.errors.values() for error in field_errors]
            return self.reload_page(fragment="parcels", error=" ".join(errors))
        data = form.cleaned_data
        try:
            fulfilment.shipment_advance(
                order=order,
                partner=parcel.partner,
                status=data["status"],
                carrier=data["carrier"],
                carrier_name=data["carrier_name"],
                tracking_number=data["tracking_number"],
                user=request.user,
            )
        except ValidationError as exc:
            return self.reload_page(fragment="parcels", error=" ".join(exc.messages))
        messages.success(request, _("The parcel's status has been saved."))
        return self.reload_page(fragment="parcels")

    def _parcels(self) -> list:
        partner_ids = None
        if self.partner_view:
            partner_ids = list(self.request.user.partners.values_list("pk", flat=True))
        return order_parcels(order=self.object, partner_ids=partner_ids)

    def _parcel_or_404(self, partner_id: str):
        for parcel in self._parcels():
            if str(parcel.partner.pk) == partner_id.strip():
                return parcel
        raise Http404()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["partner_view"] = self.partner_view
        if user.has_perm(self.refund_permission) and not self.partner_view:
            ctx["refund_options"] = order_refund_options(order=self.object)
        ctx["parcels"] = self._parcels()
        ctx["carriers"] = ShipmentForm.base_fields["carrier"].choices
        if self.partner_view:
            ctx["line_statuses"] = [s for s in ctx["line_statuses"] if s not in PARCEL_LINE_STATUSES]
            ctx["notes"] = selectors.order_notes_for_user(order=self.object, user=user)
            ctx["shipping_events"] = selectors.shipping_events_for_user(order=self.object, user=user)
            ctx["partner_subtotal"] = selectors.order_subtotal_for_partner(order=self.object, user=user)
        return ctx

    def refund_card(self, request: HttpRequest, order) -> HttpResponse:
        """Refund through Stripe: the whole remaining amount, or one producer's lines."""
        if not request.user.has_perm(self.refund_permission):
            return self.reload_page(error=_("You may not refund payments."))
        partner, partner_id = None, request.POST.get("partner", "")
        if partner_id:
            if partner_id.isdigit():
                partner = Partner.objects.filter(pk=partner_id, order_lines__order=order).first()
            if partner is None:
                return self.reload_page(error=_("This producer has no lines in the order."))
        try:
            amount = refunds.card_payment_refund(order=order, partner=partner)
        except refunds.CardPaymentError as exc:
            return self.reload_page(error=str(exc))
        messages.success(
            request, _("Refunded %(amount)s through Stripe.") % {"amount": currency(amount, order.currency)}
        )
        return self.reload_page(fragment="payment")

    def get_order_note_form(self):
        note_id = self.kwargs.get("note_id")
        if note_id and not self._own_notes().filter(id=note_id).exists():
            raise Http404()
        return super().get_order_note_form()

    def delete_note(self, request: HttpRequest, order) -> HttpResponse:
        note_id = request.POST.get("note_id", "")
        if not note_id.isdigit() or not self._own_notes().filter(id=note_id).exists():
            messages.error(request, _("Note cannot be deleted"))
            return self.reload_page()
        return super().delete_note(request, order)

    def _own_notes(self):
        return selectors.order_notes_for_user(order=self.object, user=self.request.user)


class LineDetailView(PartnerScopeMixin, views.LineDetailView):
    """Read only. Oscar's template prints the stored status (English) in a block that holds the
    whole page: the line is shown with its status as people read it, and never saved here."""

    def get_object(self, queryset=None):
        order = self.get_order_or_404(self.kwargs["number"])
        lines = selectors.order_lines_for_partner(order=order, user=self.request.user)
        line = get_object_or_404(lines, pk=self.kwargs["line_id"])
        line.status = line_status_label(line.status) if line.status else line.status
        return line


class ShippingAddressUpdateView(PartnerScopeMixin, views.ShippingAddressUpdateView):
    # Producers ship their own lines, so they may read and correct the delivery address.
    form_class = ShippingAddressForm

    def get_object(self, queryset=None):
        order = self.get_order_or_404(self.kwargs["number"])
        return get_object_or_404(self.model, order=order)


class SalesReportView(PartnerScopeMixin, TemplateView):
    """Units and revenue per product over a period, on screen or as CSV: a producer's own lines,
    or (staff) one chosen producer's."""

    template_name = "oscar/dashboard/orders/sales_report.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # A producer asking for another producer's report gets 404, whatever the method.
        asked = request.GET.get("partner") or request.POST.get("partner") or ""
        own = asked.isdigit() and request.user.partners.filter(pk=asked).exists()
        if self.partner_view and asked and not own:
            raise Http404()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = SalesReportForm(request.GET, staff=not self.partner_view)
        lines = self._lines(form)
        report = None
        if form.is_valid() and lines is not None:
            date_from, date_to = form.period()
            report = sales_report(lines=lines, date_from=date_from, date_to=date_to)
            if request.GET.get("format") == "csv":
                return sales_report_csv(report)
        context = self.get_context_data(form=form, report=report)
        return self.render_to_response(context, status=200 if form.is_valid() else 400)

    def _lines(self, form: SalesReportForm):
        """The lines the report may count: the producer's own, or for staff those of the producer
        chosen in the form (None until chosen)."""
        if self.partner_view:
            return selectors.lines_for_partner(user=self.request.user)
        partner = form.cleaned_data.get("partner") if form.is_valid() else None
        return Line._default_manager.filter(partner=partner) if partner else None
