"""Django admin for producers: Oscar's registrations plus outside-stall links."""

from oscar.apps.partner.admin import *  # noqa: F403
