"""Labels of Oscar's order and line statuses: the stored values stay English, people read these."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Keys of settings.OSCAR_LINE_STATUS_PIPELINE; the parcel statuses (Shipment.Status) share the words.
LINE_STATUS_LABELS = {
    "Pending": _("Pending"),
    "Being prepared": _("Being prepared"),
    "Shipped": _("Shipped"),
    "Delivered": _("Delivered"),
    "Returned": _("Returned"),
    "Cancelled": _("Cancelled"),
}
# Keys of settings.OSCAR_ORDER_STATUS_PIPELINE.
ORDER_STATUS_LABELS = {
    "Pending": _("Pending"),
    "Being processed": _("Being processed"),
    "Complete": _("Complete"),
    "Cancelled": _("Cancelled"),
}


def line_status_label(status: str) -> str:
    return str(LINE_STATUS_LABELS.get(status, status))


def order_status_label(status: str) -> str:
    return str(ORDER_STATUS_LABELS.get(status, status))
