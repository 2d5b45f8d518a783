"""The customer's email when a producer's parcel ships: carrier, tracking number, order status link;
sent by a background task enqueued after the commit that shipped the parcel."""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import translation
from django_tasks import task
from oscar.core.loading import get_class

from shop.customer.order_links import order_status_url

Dispatcher = get_class("communication.utils", "Dispatcher")

logger = logging.getLogger(__name__)

PARCEL_SHIPPED = "PARCEL_SHIPPED"


def parcel_shipped_email_enqueue(*, shipment_id: int) -> None:
    """Email the customer about the shipped parcel in a task, once the current transaction commits."""
    transaction.on_commit(partial(parcel_shipped_email_task.enqueue, shipment_id), robust=True)


@task()
def parcel_shipped_email_task(shipment_id: int) -> None:
    parcel_shipped_email_send(shipment_id=shipment_id)


def parcel_shipped_email_send(*, shipment_id: int) -> None:
    """Email the customer that one producer's parcel has shipped (once per parcel); nothing when
    the parcel no longer exists."""
    from .models import Shipment

    shipment = Shipment.objects.select_related("order__user", "partner").filter(pk=shipment_id).first()
    if shipment is None:
        return
    order = shipment.order
    recipient = order.email
    if not recipient:
        logger.warning(
            "Order #%s has no customer email: parcel #%s shipped silently", order.number, shipment.pk
        )
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "order": order,
            "shipment": shipment,
            "partner": shipment.partner,
            "lines": list(order.lines.filter(partner=shipment.partner_id).order_by("pk")),
            "status_url": order_status_url(order),
            "site_url": settings.SITE_URL.rstrip("/"),
        }
        messages = Dispatcher(logger=logger).get_messages(PARCEL_SHIPPED, context)
        email = EmailMultiAlternatives(
            messages["subject"], messages["body"], from_email=settings.OSCAR_FROM_EMAIL, to=[recipient]
        )
        if messages["html"]:
            email.attach_alternative(messages["html"], "text/html")
        email.send()
