"""Writes of fulfilment: a producer moves its parcel of an order forward, one step at a time."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from . import emails
from .models import LINE_STATUS_FOR, NEXT_STATUSES, PENDING, STAMP_FIELD_FOR, Shipment

Line = get_model("order", "Line")
OrderNote = get_model("order", "OrderNote")


def shipment_advance(
    *,
    order,
    partner,
    status: str,
    carrier: str = "",
    carrier_name: str = "",
    tracking_number: str = "",
    user=None,
) -> Shipment:
    """Move `partner`'s parcel of `order` to `status` and its lines to the matching line status.

    Shipping needs a carrier and a tracking number and emails the customer after commit. The
    step is written in the order's notes as `user` (a system note, as Oscar's line actions do).
    Raises ValidationError (nothing written) on a step backwards or sideways, or when the
    producer has no line in the order that can take the new status."""
    with transaction.atomic():
        # Lock the producer's lines first (primary-key order), then the shipment: two requests for
        # the same parcel run one after the other and the second sees the first's status.
        lines = list(
            Line._default_manager.select_for_update().filter(order=order, partner=partner).order_by("pk")
        )
        if not lines:
            raise ValidationError(_("This producer has no lines in the order."))
        shipment = Shipment.objects.select_for_update().filter(order=order, partner=partner).first()
        current = shipment.status if shipment else PENDING
        if status not in NEXT_STATUSES[current]:
            raise ValidationError(_("The parcel cannot go back or skip to this status."), code="invalid_step")
        movable = [line for line in lines if LINE_STATUS_FOR[status] in line.available_statuses()]
        if not movable:
            raise ValidationError(_("None of the parcel's lines can take this status."), code="no_lines")
        shipment = shipment or Shipment(order=order, partner=partner)
        shipment.status = status
        if status == Shipment.Status.SHIPPED:
            shipment.carrier, shipment.carrier_name = carrier, carrier_name
            shipment.tracking_number = tracking_number.strip()
        setattr(shipment, STAMP_FIELD_FOR[status], timezone.now())
        shipment.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                shipment.save()
        except IntegrityError as exc:  # a concurrent first request created the row
            raise ValidationError(
                _("The parcel was changed meanwhile: reload the page."), code="race"
            ) from exc
        for line in movable:
            line.set_status(LINE_STATUS_FOR[status])
        order.notes.create(user=user, note_type=OrderNote.SYSTEM, message=_shipment_note(shipment))
        if status == Shipment.Status.SHIPPED:
            emails.parcel_shipped_email_enqueue(shipment_id=shipment.pk)
    return shipment


def _shipment_note(shipment: Shipment) -> str:
    message = _("Parcel of %(producer)s: %(status)s") % {
        "producer": shipment.partner.name,
        "status": shipment.get_status_display(),
    }
    if shipment.status == Shipment.Status.SHIPPED:
        message += f" ({shipment.carrier_display} {shipment.tracking_number})"
    return message
