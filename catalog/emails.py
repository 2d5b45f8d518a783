"""Emails to a producer about staff's review of its products and certificates, each sent by a
background task enqueued after the commit that recorded the decision (links from SITE_URL)."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_tasks import task
from oscar.core.loading import get_model

logger = logging.getLogger(__name__)

PRODUCT_PUBLISHED = "product-published"
PRODUCT_REJECTED = "product-rejected"


def product_review_email_enqueue(*, product_id: int, event: str) -> None:
    """Tell the producer staff published (PRODUCT_PUBLISHED) or sent back (PRODUCT_REJECTED) its
    product, once the current transaction commits."""
    if event not in (PRODUCT_PUBLISHED, PRODUCT_REJECTED):
        raise ValueError(f"Not a product review email: {event}")
    transaction.on_commit(partial(product_review_email_task.enqueue, product_id, event), robust=True)


def certificate_claim_email_enqueue(*, claim_id: int) -> None:
    """Tell the producer staff verified or rejected its certificate, once the transaction commits."""
    transaction.on_commit(partial(certificate_claim_email_task.enqueue, claim_id), robust=True)


@task()
def product_review_email_task(product_id: int, event: str) -> bool:
    """Nothing when the product is gone or reviewed again since (it gets that decision's email)."""
    Product = get_model("catalogue", "Product")
    product = Product.objects.select_related("producer").filter(pk=product_id).first()
    status = {
        PRODUCT_PUBLISHED: Product.ListingStatus.APPROVED,
        PRODUCT_REJECTED: Product.ListingStatus.REJECTED,
    }
    if product is None or product.listing_status != status[event]:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        if event == PRODUCT_PUBLISHED:
            subject = gettext("Your product “%(title)s” is published") % {"title": product.title}
            body = gettext("Staff reviewed “%(title)s”: it is now on your stall.") % {"title": product.title}
        else:
            subject = gettext("Your product “%(title)s” needs changes") % {"title": product.title}
            body = gettext("Staff did not publish “%(title)s”. Reason: %(reason)s") % {
                "title": product.title,
                "reason": product.listing_note,
            }
    return _producer_email_send(product=product, subject=subject, body=body)


@task()
def certificate_claim_email_task(claim_id: int) -> bool:
    """The verified or rejected claim's email; nothing when the claim is gone or still pending."""
    CertificateClaim = get_model("catalogue", "CertificateClaim")
    claim = CertificateClaim.objects.select_related("product__producer").filter(pk=claim_id).first()
    if claim is None or claim.status == CertificateClaim.Status.PENDING:
        return False
    title = claim.product.title
    with translation.override(settings.LANGUAGE_CODE):
        if claim.status == CertificateClaim.Status.VERIFIED:
            subject = gettext("OCOP certificate of “%(title)s” verified") % {"title": title}
            body = gettext(
                "Staff verified the %(stars)s★ certificate (decision %(decision)s) of “%(title)s”."
            ) % {
                "stars": claim.stars,
                "decision": claim.decision_number,
                "title": title,
            }
        else:
            subject = gettext("OCOP certificate of “%(title)s” not verified") % {"title": title}
            body = gettext(
                "Staff could not verify the certificate (decision %(decision)s). Reason: %(reason)s"
            ) % {
                "decision": claim.decision_number,
                "reason": claim.reason,
            }
    return _producer_email_send(product=claim.product, subject=subject, body=body)


def producer_emails(producer: Any) -> list[str]:
    """Where a producer is written to: its stall's email, else its dashboard users'."""
    if producer is None:
        return []
    if producer.email:
        return [producer.email]
    return [email for email in producer.users.values_list("email", flat=True) if email]


def _producer_email_send(*, product: Any, subject: str, body: str) -> bool:
    # With a link to the product in the producer's dashboard.
    recipients = producer_emails(product.producer)
    if not recipients:
        logger.info("Product %s: its producer has no email address", product.pk)
        return False
    link = settings.SITE_URL.rstrip("/") + reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})
    send_mail(subject, f"{body}\n\n{link}\n", None, recipients)
    return True
