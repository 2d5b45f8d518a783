"""Payment: Oscar's payment forked (label `payment`) for order payment states and Stripe events."""

import oscar.apps.payment.apps as apps


class PaymentConfig(apps.PaymentConfig):
    name = "shop.payment"
