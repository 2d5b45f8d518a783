"""Emails sent when an order is confirmed: the customer's confirmation and one per producer,
sent by a background task enqueued after the commit that confirmed the order."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from oscar.core.loading import get_class, get_model

from shop.customer.order_links import order_status_path, order_status_url

Dispatcher = get_class("communication.utils", "Dispatcher")
OrderDispatcher = get_class("order.utils", "OrderDispatcher")
CommunicationEvent = get_model("order", "CommunicationEvent")
CommunicationEventType = get_model("communication", "CommunicationEventType")
Order = get_model("order", "Order")

logger = logging.getLogger(__name__)

ORDER_PLACED = OrderDispatcher.ORDER_PLACED_EVENT_CODE
PRODUCER_ORDER_PLACED = "PRODUCER_ORDER_PLACED"
EVENT_NAMES = {ORDER_PLACED: _("Order confirmation"), PRODUCER_ORDER_PLACED: _("Order notice to producers")}


def order_emails_enqueue(*, order_id: int) -> None:
    """Send the order's confirmation emails in the background once the current transaction
    commits (never for a rolled-back order; a slow mail server never holds the request)."""
    transaction.on_commit(partial(order_emails_task.enqueue, order_id), robust=True)


@task()
def order_emails_task(order_id: int) -> None:
    """The order's confirmation emails; nothing when the order no longer exists."""
    order = Order.objects.select_related("user", "shipping_address").filter(pk=order_id).first()
    if order is None:
        logger.warning("Order #%s no longer exists: no confirmation sent", order_id)
        return
    order_emails_send(order=order)


def order_emails_send(*, order) -> None:
    """Send the customer Oscar's ORDER_PLACED confirmation and each producer one email with its own lines.

    Once per order: each is recorded as an Oscar CommunicationEvent of the order (the dashboard
    lists them), and one already recorded is not sent again (a task run twice). Every email is
    rendered in settings.LANGUAGE_CODE, whatever language the triggering request uses."""
    with translation.override(settings.LANGUAGE_CODE):
        if not _event_sent(order, ORDER_PLACED):
            _customer_confirmation_send(order)
        if not _event_sent(order, PRODUCER_ORDER_PLACED):
            _producer_emails_send(order)


def _event_sent(order, code: str) -> bool:
    return order.communication_events.filter(event_type__code=code).exists()


def _event_type(code: str):
    # Oscar records a CommunicationEvent only for an event type that has a row.
    event_type, _created = CommunicationEventType.objects.get_or_create(
        code=code, defaults={"name": str(EVENT_NAMES[code]), "category": CommunicationEventType.ORDER_RELATED}
    )
    return event_type


def _customer_confirmation_send(order) -> None:
    # Oscar's ORDER_PLACED event and templates, to the user's email or else the guest email;
    # Oscar's dispatcher records the CommunicationEvent once the email is sent.
    _event_type(ORDER_PLACED)
    context = {"user": order.user, "order": order, "lines": order.lines.all()}
    context.update(_order_status_links(order))
    OrderDispatcher(logger=logger).send_order_placed_email_for_user(order, context)


def _producer_emails_send(order) -> None:
    # One email per producer: its own lines and subtotal, never the other producers' lines or
    # the order total. To the producer's email and its users' emails; none at all: skipped.
    lines_by_partner = _lines_by_producer(order)
    if not lines_by_partner:
        return
    payment_methods = _payment_method_names(order)
    for lines in lines_by_partner.values():
        partner = lines[0].partner
        recipients = _unique_emails([partner.email, *(user.email for user in partner.users.all())])
        if not recipients:
            logger.warning(
                "Order #%s: producer #%s (%s) has no email address", order.number, partner.id, partner
            )
            continue
        context = {
            "order": order,
            "partner": partner,
            "lines": lines,
            "subtotal": sum((line.line_price_incl_tax for line in lines), Decimal(0)),
            "shipping_address": order.shipping_address,
            "payment_methods": payment_methods,
        }
        _email_send(
            to=recipients, messages=Dispatcher(logger=logger).get_messages(PRODUCER_ORDER_PLACED, context)
        )
    CommunicationEvent.objects.create(order=order, event_type=_event_type(PRODUCER_ORDER_PLACED))


def _lines_by_producer(order) -> dict[int, list]:
    # One query for the lines and their producers, one for all the producers' users.
    lines_by_partner: dict[int, list] = {}
    for line in order.lines.select_related("partner").prefetch_related("partner__users"):
        if line.partner_id is None:
            logger.warning(
                "Order #%s line #%s has no producer: nobody is told about it", order.number, line.id
            )
            continue
        lines_by_partner.setdefault(line.partner_id, []).append(line)
    return lines_by_partner


def _order_status_links(order) -> dict[str, str]:
    # The link Oscar's confirmation template shows when `status_url` is set: the account's order
    # page, or the guest's page straight from the email (shop.customer.order_links).
    return {"status_path": order_status_path(order), "status_url": order_status_url(order)}


def _payment_method_names(order) -> list[str]:
    names = (source.source_type.name for source in order.sources.select_related("source_type"))
    return list(dict.fromkeys(names))


def _unique_emails(emails: Iterable[str]) -> list[str]:
    # Case-insensitive: the same mailbox typed twice gets one copy.
    unique: dict[str, str] = {}
    for email in emails:
        email = (email or "").strip()
        if email:
            unique.setdefault(email.lower(), email)
    return list(unique.values())


def _email_send(*, to: list[str], messages: dict[str, str]) -> None:
    email = EmailMultiAlternatives(
        messages["subject"], messages["body"], from_email=settings.OSCAR_FROM_EMAIL, to=to
    )
    if messages["html"]:
        email.attach_alternative(messages["html"], "text/html")
    email.send()
