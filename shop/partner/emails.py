"""Emails to a producer about its application: received, approved, rejected (links from SITE_URL)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_class, get_model

Dispatcher = get_class("communication.utils", "Dispatcher")
Partner = get_model("partner", "Partner")

logger = logging.getLogger(__name__)

APPLICATION_RECEIVED = "PRODUCER_APPLICATION_RECEIVED"
APPLICATION_APPROVED = "PRODUCER_APPLICATION_APPROVED"
APPLICATION_REJECTED = "PRODUCER_APPLICATION_REJECTED"


def absolute_url(path: str) -> str:
    """`/dashboard/` → `https://cho-ocop.vn/dashboard/`: every link in an email leaves the site."""
    return settings.SITE_URL.rstrip("/") + path


def application_received_send(*, partner_id: int) -> None:
    _send(partner_id, APPLICATION_RECEIVED)


def application_approved_send(*, partner_id: int) -> None:
    _send(partner_id, APPLICATION_APPROVED)


def application_rejected_send(*, partner_id: int) -> None:
    _send(partner_id, APPLICATION_REJECTED)


def _send(partner_id: int, code: str) -> None:
    # Oscar's communication templates (oscar/communication/emails/commtype_<code>_*), rendered in
    # the site's language whatever the triggering request's, to the stall's email.
    partner = Partner.objects.get(pk=partner_id)
    if not partner.email:
        logger.warning("Producer #%s (%s) has no email address: %s not sent", partner.pk, partner, code)
        return
    context = {
        "partner": partner,
        "status_url": absolute_url(reverse("dashboard:application-status")),
        "stall_url": absolute_url(partner.get_absolute_url()),
        "sign_in_url": absolute_url(reverse("customer:login")),
    }
    with translation.override(settings.LANGUAGE_CODE):
        messages = Dispatcher(logger=logger).get_messages(code, context)
        Dispatcher(logger=logger).dispatch_direct_messages(partner.email, messages)
