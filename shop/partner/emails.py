"""Emails to a producer about its application: received, approved, rejected (links from SITE_URL),
each sent by a background task enqueued after the commit that recorded the step."""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django_tasks import task
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


# The stall's status each email announces: a stall reviewed again before the task ran gets only
# the email of its status then.
STATUS_FOR = {
    APPLICATION_RECEIVED: Partner.Status.PENDING,
    APPLICATION_APPROVED: Partner.Status.APPROVED,
    APPLICATION_REJECTED: Partner.Status.REJECTED,
}


def application_email_enqueue(*, partner_id: int, code: str) -> None:
    """Email the producer this step of its application once the current transaction commits."""
    if code not in STATUS_FOR:
        raise ValueError(f"Not an application email: {code}")
    transaction.on_commit(partial(application_email_task.enqueue, partner_id, code), robust=True)


@task()
def application_email_task(partner_id: int, code: str) -> bool:
    """Send the application email `code` to the stall; nothing when the stall no longer exists
    or no longer has the status the email announces. Returns whether an email was sent."""
    partner = Partner.objects.filter(pk=partner_id).first()
    if partner is None or partner.status != STATUS_FOR[code]:
        logger.info("Producer #%s: %s not sent (stall gone or its status changed)", partner_id, code)
        return False
    if not partner.email:
        logger.warning("Producer #%s (%s) has no email address: %s not sent", partner.pk, partner, code)
        return False
    _send(partner, code)
    return True


def _send(partner: Partner, code: str) -> None:
    # Oscar's communication templates (oscar/communication/emails/commtype_<code>_*), rendered in
    # the site's language whatever the triggering request's, to the stall's email.
    context = {
        "partner": partner,
        "status_url": absolute_url(reverse("dashboard:application-status")),
        "stall_url": absolute_url(partner.get_absolute_url()),
        "sign_in_url": absolute_url(reverse("customer:login")),
    }
    with translation.override(settings.LANGUAGE_CODE):
        messages = Dispatcher(logger=logger).get_messages(code, context)
        Dispatcher(logger=logger).dispatch_direct_messages(partner.email, messages)
