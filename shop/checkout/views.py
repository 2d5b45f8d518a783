"""Checkout views: the payment step (cash on delivery, VietQR bank transfer, or card through
Stripe), the card payment page and its return page, the transfer page, and Stripe's webhook.

Views not defined here are Oscar's own (Oscar's class loader falls back to them). Card and
transfer orders are placed before they are paid (see shop.payment.services): placing one leads to
its payment page instead of the thank-you page.
"""

from __future__ import annotations

from typing import Any

from csp.decorators import csp_update
from django import http
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View, generic
from django.views.decorators.csrf import csrf_exempt
from oscar.apps.checkout import views
from oscar.apps.payment.exceptions import UnableToTakePayment
from oscar.core.loading import get_class, get_model

from shop.payment import services as payments
from shop.payment import stripe_client
from shop.payment.selectors import transfer_instructions
from shop.payment.vietqr import transfer_payable
from shop.payment.webhooks import WebhookRejected, stripe_webhook_handle

from .forms import PaymentMethodForm, UserAddressForm

Order = get_model("order", "Order")
OrderPayment = get_model("payment", "OrderPayment")
Source = get_model("payment", "Source")
UnableToPlaceOrder = get_class("order.exceptions", "UnableToPlaceOrder")

Method = OrderPayment.Method
Status = OrderPayment.Status
# The page a placed order goes to before its thank-you page, by how it is paid.
PAYMENT_PAGES = {Method.CARD: "checkout:card-payment", Method.BANK_TRANSFER: "checkout:transfer-payment"}


class PaymentDetailsView(views.PaymentDetailsView):
    """Payment step and preview: the method is chosen here and kept in the checkout session."""

    def chosen_method(self) -> str:
        method = self.checkout_session.payment_method()
        if method == Method.CARD and stripe_client.is_enabled():
            return Method.CARD
        if method == Method.BANK_TRANSFER and settings.VIETQR_ENABLED:
            return Method.BANK_TRANSFER
        return Method.CASH_ON_DELIVERY

    def payment_form(self, *args: Any, **kwargs: Any) -> PaymentMethodForm:
        return PaymentMethodForm(
            *args, card_enabled=stripe_client.is_enabled(), transfer_enabled=settings.VIETQR_ENABLED, **kwargs
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("payment_form", self.payment_form(initial={"method": self.chosen_method()}))
        ctx["payment_method"] = Method(self.chosen_method())
        return ctx

    def handle_payment_details_submission(self, request: http.HttpRequest) -> http.HttpResponse:
        form = self.payment_form(request.POST)
        if not form.is_valid():
            return self.render_payment_details(request, payment_form=form)
        self.checkout_session.pay_by(form.cleaned_data["method"])
        return self.render_preview(request)

    def handle_payment(self, order_number: str, total, **kwargs: Any) -> None:
        method = self.chosen_method()
        self.payment_method_chosen = method
        self.payment_intent_id = None
        source = Source(
            source_type=payments.source_type(method), currency=total.currency, amount_allocated=total.incl_tax
        )
        if method == Method.CARD:
            try:
                intent = payments.card_payment_intent_create(
                    order_number=order_number, total=total.incl_tax, email=self.get_order_email()
                )
            except payments.CardPaymentError as exc:
                # Oscar shows the payment step again with this message: cash on delivery is there.
                raise UnableToTakePayment(str(exc)) from exc
            self.payment_intent_id = source.reference = intent.id
        elif method == Method.BANK_TRANSFER and not transfer_payable(total.incl_tax):
            raise UnableToTakePayment(
                _("This order cannot be paid by bank transfer; please choose cash on delivery.")
            )
        elif method == Method.CASH_ON_DELIVERY:
            self.add_payment_event(payments.EVENT_TO_COLLECT, total.incl_tax)
        self.add_payment_source(source)

    def get_order_email(self) -> str:
        if self.request.user.is_authenticated:
            return self.request.user.email
        return self.checkout_session.get_guest_email() or ""

    def handle_successful_order(self, order) -> http.HttpResponse:
        payment_page = PAYMENT_PAGES.get(getattr(self, "payment_method_chosen", None))
        if payment_page is None:
            return super().handle_successful_order(order)
        # Confirmation emails wait for the payment (recorded by the card webhook or a transfer).
        self.checkout_session.flush()
        self.request.session["checkout_order_id"] = order.id
        return redirect(payment_page)

    def send_order_placed_email(self, order) -> None:
        # Oscar calls this after the order's transaction: the emails go out in a task.
        from .emails import order_emails_enqueue

        order_emails_enqueue(order_id=order.id)


class UserAddressUpdateView(views.UserAddressUpdateView):
    """Checkout's "edit this address": the address book form with one full-name field."""

    form_class = UserAddressForm


class SessionOrderMixin:
    """The order this browser just placed (Oscar keeps its id in the session for the thank-you
    page): only that order's payment pages are reachable, by guests and customers alike."""

    request: http.HttpRequest

    def session_payment(self) -> Any | None:
        order_id = self.request.session.get("checkout_order_id")
        if order_id is None:
            return None
        return OrderPayment.objects.select_related("order").filter(order_id=order_id).first()

    def session_ended(self) -> http.HttpResponse:
        messages.info(self.request, _("Your checkout session has ended; your orders are in your account."))
        return redirect(settings.OSCAR_HOMEPAGE)


# Stripe.js and its frames are allowed here only (settings.CONTENT_SECURITY_POLICY_CARD_PAYMENT).
@method_decorator(csp_update(settings.CONTENT_SECURITY_POLICY_CARD_PAYMENT), name="dispatch")
class CardPaymentView(SessionOrderMixin, generic.TemplateView):
    """The Stripe Payment Element for a placed card order, with "pay cash instead" and "cancel"."""

    template_name = "oscar/checkout/card_payment.html"
    actions = ("retry", "cash_on_delivery", "cancel")

    def dispatch(self, request: http.HttpRequest, *args: Any, **kwargs: Any) -> http.HttpResponse:
        self.payment = self.session_payment()
        if self.payment is None:
            return self.session_ended()
        if self.payment.method != Method.CARD or self.payment.is_settled:
            return redirect("checkout:thank-you")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.update(order=self.payment.order, payment=self.payment, Status=Status)
        if self.payment.status in (Status.AWAITING, Status.PROCESSING):
            try:
                ctx["client_secret"] = payments.card_client_secret(payment=self.payment)
            except payments.CardPaymentError as exc:
                ctx["stripe_error"] = str(exc)
            ctx["publishable_key"] = settings.STRIPE_PUBLISHABLE_KEY
            ctx["return_url"] = self.request.build_absolute_uri(reverse("checkout:card-return"))
        return ctx

    def post(self, request: http.HttpRequest, *args: Any, **kwargs: Any) -> http.HttpResponse:
        action = request.POST.get("action", "")
        if action not in self.actions:
            return http.HttpResponseBadRequest(_("Unknown action."))
        order = self.payment.order
        try:
            if action == "retry":
                payments.card_payment_retry(order=order)
                return redirect("checkout:card-payment")
            if action == "cash_on_delivery":
                payments.order_payment_switch_to_cash(order=order)
                messages.success(request, _("You will pay cash on delivery."))
                return redirect("checkout:thank-you")
            payments.order_payment_cancel(order=order)
        except (payments.CardPaymentError, UnableToPlaceOrder) as exc:
            messages.error(request, str(exc))
            return redirect("checkout:card-payment")
        messages.info(
            request, _("Order %(number)s is cancelled; nothing was charged.") % {"number": order.number}
        )
        return redirect("basket:summary")


class TransferPaymentView(SessionOrderMixin, generic.TemplateView):
    """The VietQR code and the account details for a placed transfer order, while the transfer
    is awaited (or part of it still missing), with "pay cash on delivery instead"."""

    template_name = "oscar/checkout/transfer_payment.html"

    def dispatch(self, request: http.HttpRequest, *args: Any, **kwargs: Any) -> http.HttpResponse:
        self.payment = self.session_payment()
        if self.payment is None:
            return self.session_ended()
        self.transfer = None
        if self.payment.method == Method.BANK_TRANSFER:
            self.transfer = transfer_instructions(payment=self.payment)
        if self.transfer is None:
            return redirect("checkout:thank-you")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        ctx = super().get_context_data(**kwargs)
        ctx.update(order=self.payment.order, payment=self.payment, transfer=self.transfer, Status=Status)
        return ctx

    def post(self, request: http.HttpRequest, *args: Any, **kwargs: Any) -> http.HttpResponse:
        if request.POST.get("action") != "cash_on_delivery":
            return http.HttpResponseBadRequest(_("Unknown action."))
        try:
            payments.order_payment_switch_to_cash(order=self.payment.order)
        except (payments.CardPaymentError, UnableToPlaceOrder) as exc:
            messages.error(request, str(exc))
            return redirect("checkout:transfer-payment")
        messages.success(request, _("You will pay cash on delivery."))
        return redirect("checkout:thank-you")


class CardReturnView(SessionOrderMixin, View):
    """Where Stripe sends the customer back: asks Stripe for the PaymentIntent (never trusting the
    URL's redirect_status) and shows success, "processing" or failure."""

    def get(self, request: http.HttpRequest, *args: Any, **kwargs: Any) -> http.HttpResponse:
        payment = self.session_payment()
        if payment is None:
            return self.session_ended()
        if request.GET.get("payment_intent") != payment.payment_intent_id:
            return http.HttpResponseBadRequest(_("This payment does not belong to your order."))
        if not payment.is_settled:
            try:
                intent = payments.card_payment_intent_retrieve(payment_intent_id=payment.payment_intent_id)
            except payments.CardPaymentError as exc:
                messages.warning(request, str(exc))
                return redirect("checkout:card-payment")
            payments.card_payment_apply(intent=intent)
            payment.refresh_from_db()
        if payment.is_settled:
            return redirect("checkout:thank-you")
        if payment.status == Status.FAILED:
            messages.error(
                request, _("Your card payment did not go through. Try again, or pay cash on delivery.")
            )
        return redirect("checkout:card-payment")


@method_decorator(csrf_exempt, name="dispatch")
class StripeWebhookView(View):
    """`POST /checkout/stripe/webhook/`: verifies Stripe's signature, then hands the event over."""

    http_method_names = ["post"]

    def post(self, request: http.HttpRequest, *args: Any, **kwargs: Any) -> http.HttpResponse:
        try:
            outcome = stripe_webhook_handle(
                payload=request.body, signature=request.headers.get("Stripe-Signature", "")
            )
        except WebhookRejected as exc:
            return http.HttpResponseBadRequest(str(exc), content_type="text/plain")
        return http.JsonResponse({"outcome": outcome})
