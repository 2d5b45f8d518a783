"""Certificate expiry reminders: each producer is emailed once at 90, 30 and 0 days before a
certificate of one of its products expires (the issuer notifies at least 30 days before; the
province then re-evaluates the product, Decision 148/QĐ-TTg). The email is a background task
enqueued after the commit that recorded the reminders."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")
CertificateReminder = get_model("partner", "CertificateReminder")

THRESHOLDS = (90, 30, 0)  # days before expiry, most distant first
# A run missed for a few days still sends the threshold reached; a certificate that lapsed longer
# ago than this is not reminded at all (e.g. old rows on the first run).
CATCH_UP_DAYS = 30


@dataclass
class DueProducer:
    producer: Partner
    products: list[tuple[Product, int]] = field(default_factory=list)  # (product, threshold)


def due_threshold(*, expires_on: datetime.date, today: datetime.date) -> int | None:
    """The most pressing threshold reached on `today` (catching up missed runs), or None."""
    days_left = (expires_on - today).days
    if days_left < -CATCH_UP_DAYS:
        return None
    reached = [threshold for threshold in THRESHOLDS if days_left <= threshold]
    return min(reached) if reached else None


def certificate_reminders_due(*, today: datetime.date) -> list[DueProducer]:
    """Producers with certificates at a threshold not yet reminded, with those products."""
    products = (
        Product.objects.filter(
            producer__isnull=False,
            expires_on__gte=today - datetime.timedelta(days=CATCH_UP_DAYS),
            expires_on__lte=today + datetime.timedelta(days=max(THRESHOLDS)),
        )
        .select_related("producer")
        .order_by("producer_id", "expires_on", "pk")
    )
    sent = set(
        CertificateReminder.objects.filter(product__in=products).values_list(
            "product_id", "expires_on", "threshold_days"
        )
    )
    due: dict[int, DueProducer] = {}
    for product in products:
        threshold = due_threshold(expires_on=product.expires_on, today=today)
        if threshold is None or (product.pk, product.expires_on, threshold) in sent:
            continue
        due.setdefault(product.producer_id, DueProducer(product.producer)).products.append(
            (product, threshold)
        )
    return list(due.values())


def certificate_reminder_send(*, due: DueProducer, today: datetime.date) -> int:
    """Record each product's reminder, then email the producer in a task after commit; returns how
    many products the email lists (0: nothing new — another run recorded them first, or no address)."""
    if not producer_addresses(due.producer):
        return 0
    with transaction.atomic():
        reminder_ids = [
            reminder.pk
            for product, threshold in due.products
            if (reminder := _record(product, threshold)) is not None
        ]
        if reminder_ids:
            transaction.on_commit(
                partial(
                    certificate_reminder_email_task.enqueue, due.producer.pk, reminder_ids, today.isoformat()
                ),
                robust=True,
            )
    return len(reminder_ids)


def _record(product: Product, threshold: int) -> CertificateReminder | None:
    """Insert the reminder row first (idempotency by the unique constraint): None if it exists."""
    try:
        with transaction.atomic():
            return CertificateReminder.objects.create(
                product=product, expires_on=product.expires_on, threshold_days=threshold
            )
    except IntegrityError:
        return None


def producer_addresses(producer: Partner) -> list[str]:
    addresses: Iterable[str] = [producer.email, *producer.users.values_list("email", flat=True)]
    return sorted({address for address in addresses if address})


@task()
def certificate_reminder_email_task(producer_id: int, reminder_ids: list[int], today: str) -> int:
    """Email the producer the recorded reminders (as of `today`, YYYY-MM-DD) whose certificate is
    still the one reminded; nothing when the producer is gone. Returns how many products it lists."""
    producer = Partner.objects.filter(pk=producer_id).first()
    reminders = (
        CertificateReminder.objects.filter(pk__in=reminder_ids)
        .select_related("product")
        .order_by("product__expires_on", "product_id")
    )
    listed = [
        (reminder.product, reminder.threshold_days)
        for reminder in reminders
        if reminder.product.expires_on == reminder.expires_on  # not renewed meanwhile
    ]
    recipients = producer_addresses(producer) if producer else []
    if not listed or not recipients:
        return 0
    _email(producer, listed, recipients, datetime.date.fromisoformat(today))
    return len(listed)


def _email(
    producer: Partner, listed: list[tuple[Product, int]], recipients: list[str], today: datetime.date
) -> None:
    context = {
        "producer": producer,
        "items": [
            {"product": product, "threshold": threshold, "days_left": (product.expires_on - today).days}
            for product, threshold in listed
        ],
        "dashboard_url": settings.SITE_URL.rstrip("/") + reverse("dashboard:index"),
        "months": settings.OCOP_CERTIFICATE_MONTHS,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("partner/emails/certificate_reminder_subject.txt", context).strip()
        body = render_to_string("partner/emails/certificate_reminder_body.txt", context)
    send_mail(subject, body, None, recipients)
