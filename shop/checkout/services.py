"""Payment records made at checkout."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

CASH_ON_DELIVERY = "cash-on-delivery"


def cash_on_delivery_record(*, checkout, total) -> None:
    """Record a cash-on-delivery source for the whole total: to be collected by the courier.

    `checkout` is the Oscar checkout view (its OrderPlacementMixin links the source to the
    order when the order is saved)."""
    with translation.override(settings.LANGUAGE_CODE):
        # Stored once and shown as is by Oscar (order pages, dashboard): in the site's language.
        name = str(_("Cash on delivery"))
    source_type, _created = SourceType.objects.get_or_create(code=CASH_ON_DELIVERY, defaults={"name": name})
    checkout.add_payment_source(
        Source(source_type=source_type, currency=total.currency, amount_allocated=total.incl_tax)
    )
    checkout.add_payment_event("to-collect-on-delivery", total.incl_tax)
