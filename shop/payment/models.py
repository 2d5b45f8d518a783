"""Payment models: Oscar's sources and transactions, plus each order's payment state, the bank
transfers received for VietQR orders and the Stripe webhook events already handled."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderPayment(models.Model):
    """How an order is paid and where that payment stands (one row per order).

    Oscar's `Source`/`Transaction`/`PaymentEvent` rows are the ledger of money moved; this row is
    the state machine the checkout, the webhook and the dashboard lock and move together.
    """

    class Method(models.TextChoices):
        CASH_ON_DELIVERY = "cash-on-delivery", _("Cash on delivery")
        CARD = "card", _("Card (Stripe)")
        BANK_TRANSFER = "bank-transfer", _("VietQR bank transfer")

    class Status(models.TextChoices):
        TO_COLLECT = "to-collect", _("To collect on delivery")
        AWAITING = "awaiting", _("Awaiting card payment")
        AWAITING_TRANSFER = "awaiting-transfer", _("Awaiting bank transfer")
        PARTLY_PAID = "partly-paid", _("Partly paid")
        PROCESSING = "processing", _("Payment processing")
        FAILED = "failed", _("Payment failed")
        PAID = "paid", _("Paid")
        PARTLY_REFUNDED = "partly-refunded", _("Partly refunded")
        REFUNDED = "refunded", _("Refunded")
        CANCELLED = "cancelled", _("Cancelled")

    order = models.OneToOneField("order.Order", on_delete=models.CASCADE, related_name="payment")
    method = models.CharField(_("payment method"), max_length=32, choices=Method.choices)
    status = models.CharField(_("payment status"), max_length=32, choices=Status.choices)
    # Whole đồng: VND is a zero-decimal currency for Stripe.
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=12, default="VND")
    amount_refunded = models.DecimalField(
        _("amount refunded"), max_digits=12, decimal_places=2, default=Decimal(0)
    )
    # Bank transfers: what the matched transfers brought in, and what is owed back to the buyer
    # (an excess, or a transfer that arrived after the order was cancelled).
    amount_received = models.DecimalField(
        _("amount received"), max_digits=12, decimal_places=2, default=Decimal(0)
    )
    refund_due = models.DecimalField(_("to refund"), max_digits=12, decimal_places=2, default=Decimal(0))
    # Null for cash on delivery; one PaymentIntent belongs to one order only.
    payment_intent_id = models.CharField(
        _("Stripe PaymentIntent"), max_length=255, unique=True, null=True, blank=True
    )
    # True once the order's stock allocation was given back (failed or cancelled payment), so it is
    # released at most once and re-taken if a later attempt succeeds.
    stock_released = models.BooleanField(default=False)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("order payment")
        verbose_name_plural = _("order payments")
        permissions = [("refund_orderpayment", _("Can refund card payments"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_refunded__lte=models.F("amount")), name="refund_within_amount"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.get_method_display()} — {self.get_status_display()}"

    @property
    def is_settled(self) -> bool:
        """Money was taken (possibly refunded since): later failure events change nothing."""
        return self.status in {self.Status.PAID, self.Status.PARTLY_REFUNDED, self.Status.REFUNDED}

    @property
    def refundable(self) -> Decimal:
        return self.amount - self.amount_refunded if self.is_settled else Decimal(0)


class CardRefund(models.Model):
    """One refund asked of Stripe, recorded *before* Stripe is called.

    The row (pending, under a unique idempotency key) is written in one short transaction; Stripe
    is called with no lock held, passing that key; its answer is applied under the payment's lock
    in a second transaction. A crash in between leaves the row pending: the `refund.*` or
    `charge.refunded` webhook applies it, or re-running the refund sends the same key again, so
    Stripe refunds once.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    payment = models.ForeignKey(OrderPayment, on_delete=models.CASCADE, related_name="refunds")
    idempotency_key = models.CharField(max_length=255, unique=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    # The producer whose lines are refunded; null for "all that is left".
    partner = models.ForeignKey(
        "partner.Partner", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lines = models.ManyToManyField("order.Line", blank=True, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    stripe_refund_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("card refund")
        verbose_name_plural = _("card refunds")
        ordering = ["created", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="card_refund_positive")]

    def __str__(self) -> str:
        return f"{self.idempotency_key}: {self.amount} ({self.get_status_display()})"


class BankTransfer(models.Model):
    """One incoming bank transfer to the shop's VietQR account, recorded once per bank
    transaction id, whether it came from a statement import or a push notification.

    `payment` is the order it was matched to (by the order reference in its note, or by hand
    later); `outcome` is what recording it did to that order's payment."""

    class Source(models.TextChoices):
        STATEMENT = "statement", _("Bank statement")
        NOTIFICATION = "notification", _("Transfer notification")

    class Outcome(models.TextChoices):
        PAID = "paid", _("Paid in full")
        PARTLY_PAID = "partly-paid", _("Partly paid")
        OVERPAID = "overpaid", _("Paid, excess to refund")
        LATE = "late", _("After cancellation, to refund")
        ALREADY_PAID = "already-paid", _("Order already paid, to refund")
        UNMATCHED = "unmatched", _("No matching order")

    transaction_id = models.CharField(_("bank transaction id"), max_length=100, unique=True)
    # The bank's own reference of the transfer (e.g. "FT25336…"): a notification service sends it
    # beside its own id, a bank statement lists it as the transaction id. The same transfer
    # notified, then imported from the statement, is recorded once (shop.payment.transfers).
    bank_reference = models.CharField(_("bank reference"), max_length=100, blank=True, db_index=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    description = models.CharField(_("transfer note"), max_length=500, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    sender_account = models.CharField(_("sender account"), max_length=64, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    payment = models.ForeignKey(
        OrderPayment,
        verbose_name=_("order payment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers",
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    refund_due = models.DecimalField(_("to refund"), max_digits=12, decimal_places=2, default=Decimal(0))
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("matched by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("bank transfer")
        verbose_name_plural = _("bank transfers")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="bank_transfer_positive")
        ]

    def __str__(self) -> str:
        return f"{self.transaction_id}: {self.amount} ({self.get_outcome_display()})"


class StripeEvent(models.Model):
    """A Stripe webhook event handled once: the row is inserted before the event is applied, in
    the same transaction, so a replay hits the unique constraint and changes nothing."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    outcome = models.CharField(max_length=255, blank=True)
    received = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        ordering = ["-received"]

    def __str__(self) -> str:
        return f"{self.event_id} ({self.type})"


from oscar.apps.payment.models import *  # noqa: E402, F403  (Oscar's models after ours)
