"""Shipping models: Oscar's (the fork changes the methods offered, not the tables)."""

from oscar.apps.shipping.models import *  # noqa: F403
