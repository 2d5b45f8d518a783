"""Payments: Stripe card payments (PaymentIntents) beside cash on delivery."""
