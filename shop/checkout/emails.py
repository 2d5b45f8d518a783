"""Emails sent when an order is confirmed: the customer's confirmation and one per producer."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from oscar.core.loading import get_class

Dispatcher = get_class("communication.utils", "Dispatcher")
OrderDispatcher = get_class("order.utils", "OrderDispatcher")

logger = logging.getLogger(__name__)

PRODUCER_ORDER_PLACED = "PRODUCER_ORDER_PLACED"


def order_emails_send(*, order) -> None:
    """Send the customer Oscar's ORDER_PLACED confirmation and each producer one email with its own lines.

    Call once, when the order is confirmed (placed with cash on delivery, or paid by card). Every
    email is rendered in settings.LANGUAGE_CODE, whatever language the triggering request uses."""
    with translation.override(settings.LANGUAGE_CODE):
        _customer_confirmation_send(order)
        _producer_emails_send(order)


def _customer_confirmation_send(order) -> None:
    # Oscar's ORDER_PLACED event and templates, to the user's email or else the guest email.
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
    # The links Oscar's checkout puts in its confirmation context; its template shows the
    # status link only when `status_url` is set.
    try:
        if order.user_id:
            path = reverse("customer:order", kwargs={"order_number": order.number})
        else:
            path = reverse(
                "customer:anon-order",
                kwargs={"order_number": order.number, "hash": order.verification_hash()},
            )
    except NoReverseMatch:
        return {}
    # Oscar's template builds its link from the Site (shop/sites.py keeps it on SITE_URL).
    return {"status_path": path, "status_url": settings.SITE_URL.rstrip("/") + path}


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
