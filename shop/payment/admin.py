"""Admin: Oscar's payment admin, plus order payments, card refunds and handled Stripe events (read-only)."""

from django.contrib import admin
from oscar.apps.payment.admin import *  # noqa: F403
from oscar.core.loading import get_model

OrderPayment = get_model("payment", "OrderPayment")
StripeEvent = get_model("payment", "StripeEvent")
CardRefund = get_model("payment", "CardRefund")


@admin.register(OrderPayment)
class OrderPaymentAdmin(admin.ModelAdmin):
    list_display = ("order", "method", "status", "amount", "amount_refunded", "payment_intent_id", "updated")
    list_filter = ("method", "status")
    search_fields = ("order__number", "payment_intent_id")
    readonly_fields = [field.name for field in OrderPayment._meta.fields]


@admin.register(StripeEvent)
class StripeEventAdmin(admin.ModelAdmin):
    list_display = ("event_id", "type", "payment_intent_id", "outcome", "received")
    list_filter = ("type",)
    search_fields = ("event_id", "payment_intent_id")
    readonly_fields = ("event_id", "type", "payment_intent_id", "outcome", "received")


@admin.register(CardRefund)
class CardRefundAdmin(admin.ModelAdmin):
    list_display = ("idempotency_key", "payment", "amount", "status", "stripe_refund_id", "updated")
    list_filter = ("status",)
    search_fields = ("idempotency_key", "stripe_refund_id", "payment__order__number")
    readonly_fields = [field.name for field in CardRefund._meta.fields]
