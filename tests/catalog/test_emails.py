"""Staff's review of a product or certificate emails its producer from a task after the commit."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import transaction

from catalog import emails, services
from tests.factories import PartnerFactory, ProductFactory
from tests.task_helpers import enqueued, tasks_kept

pytestmark = pytest.mark.django_db

PRODUCER_EMAIL = "matong@htx-bacha.vn"
PUBLIC_ORIGIN = "https://cho-ocop.example.vn"


@pytest.fixture
def staff():
    return get_user_model().objects.create_user(
        "staff", "staff@cho-ocop.local", "pw-123456789", is_staff=True
    )


@pytest.fixture
def product():
    producer = PartnerFactory(name="HTX Mật ong Bắc Hà", email=PRODUCER_EMAIL)
    return ProductFactory(
        title="Mật ong bạc hà", producer=producer, listing_status="pending", is_public=False
    )


def claim_of(product, staff):
    return services.certificate_claim_submit(
        product=product,
        submitted_by=staff,
        stars=4,
        score=80,
        decision_number="12/QĐ-UBND",
        certificate_number="OCOP-15-001",
        certification_level="province",
        certified_on=datetime.date(2025, 5, 1),
    )


def test_publishing_enqueues_the_product_id_and_emails_after_commit(
    product, staff, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = PUBLIC_ORIGIN
    with django_capture_on_commit_callbacks(execute=True):
        services.product_listing_approve(product=product, checked_by=staff)
        assert mail.outbox == []

    [email] = mail.outbox
    assert email.to == [PRODUCER_EMAIL]
    assert "Mật ong bạc hà" in email.subject
    assert f"{PUBLIC_ORIGIN}/dashboard/catalogue/products/{product.pk}/" in email.body

    queue = tasks_kept(settings)
    with django_capture_on_commit_callbacks(execute=True):
        services.product_listing_reject(product=product, checked_by=staff, reason="Ảnh mờ")
    assert enqueued(queue) == [("product_review_email_task", [product.pk, emails.PRODUCT_REJECTED])]


def test_a_rolled_back_review_sends_nothing(product, staff, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.product_listing_approve(product=product, checked_by=staff)
        raise RuntimeError("rolled back")

    assert callbacks == [] and mail.outbox == []


def test_the_review_task_sends_nothing_for_a_deleted_product_or_a_decision_changed_since(product, staff):
    services.product_listing_reject(product=product, checked_by=staff, reason="Ảnh mờ")

    assert emails.product_review_email_task.call(product.pk, emails.PRODUCT_PUBLISHED) is False
    assert emails.product_review_email_task.call(product.pk, emails.PRODUCT_REJECTED) is True
    product_id = product.pk
    product.delete()
    assert emails.product_review_email_task.call(product_id, emails.PRODUCT_REJECTED) is False
    [email] = mail.outbox
    assert "Ảnh mờ" in email.body


def test_a_checked_certificate_enqueues_the_claim_id(
    product, staff, settings, django_capture_on_commit_callbacks
):
    claim = claim_of(product, staff)
    assert emails.certificate_claim_email_task.call(claim.pk) is False  # still pending
    queue = tasks_kept(settings)

    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_claim_verify(claim=claim, checked_by=staff)

    assert enqueued(queue) == [("certificate_claim_email_task", [claim.pk])]
    assert emails.certificate_claim_email_task.call(claim.pk) is True
    [email] = mail.outbox
    assert email.to == [PRODUCER_EMAIL] and "12/QĐ-UBND" in email.body
