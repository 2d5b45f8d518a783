"""Shipping: Oscar's shipping app forked (see apps.py)."""
