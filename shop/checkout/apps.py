"""Checkout: Oscar's checkout forked (label `checkout`): cash on delivery, VietQR bank transfer
(transfer page), card payment through Stripe (payment page, return page, webhook)."""

from django.urls import path
from oscar.apps.checkout import apps
from oscar.core.loading import get_class


class CheckoutConfig(apps.CheckoutConfig):
    name = "shop.checkout"
    label = "checkout"

    def ready(self) -> None:
        super().ready()
        self.card_payment_view = get_class("checkout.views", "CardPaymentView")
        self.card_return_view = get_class("checkout.views", "CardReturnView")
        self.transfer_payment_view = get_class("checkout.views", "TransferPaymentView")
        self.stripe_webhook_view = get_class("checkout.views", "StripeWebhookView")
        self.bank_transfer_notify_view = get_class("payment.views", "BankTransferNotifyView")

    def get_urls(self):
        urls = super().get_urls()
        urls += self.post_process_urls(
            [
                path("card/", self.card_payment_view.as_view(), name="card-payment"),
                path("card/return/", self.card_return_view.as_view(), name="card-return"),
                path("transfer/", self.transfer_payment_view.as_view(), name="transfer-payment"),
                path("stripe/webhook/", self.stripe_webhook_view.as_view(), name="stripe-webhook"),
                path(
                    "bank-transfer/notify/",
                    self.bank_transfer_notify_view.as_view(),
                    name="bank-transfer-notify",
                ),
            ]
        )
        return urls
