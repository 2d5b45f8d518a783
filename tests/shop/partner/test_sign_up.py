"""Producer sign-up ("Mở gian hàng"): an account and a pending stall, or a clear form error."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from oscar.core.loading import get_model

from shop.groups import PRODUCERS
from tests.factories import category, province
from tests.factories.partner import PartnerFactory

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
CertificateClaim = get_model("catalogue", "CertificateClaim")
User = get_user_model()

pytestmark = pytest.mark.django_db

SIGN_UP_URL = "/mo-gian-hang/"


def application(**changes: str) -> dict[str, str]:
    data = {
        "name": "HTX Chè Shan Tuyết Suối Giàng",
        "kind": Partner.Kind.COOPERATIVE,
        "province": "Lào Cai",
        "address": "Thôn Giàng A, xã Suối Giàng",
        "phone_number": "0912 345 678",
        "email": "htx.suoigiang@example.vn",
        "tax_code": "5200123456",
        "contact_name": "Nguyễn Thị Mai",
        "password1": "Che-Shan-Tuyet-2025",
        "password2": "Che-Shan-Tuyet-2025",
    }
    return data | changes


def test_sign_up_page_is_linked_from_header_and_footer(client):
    page = client.get("/search/").content.decode()

    assert reverse("producer-sign-up") == SIGN_UP_URL
    assert f'href="{SIGN_UP_URL}" id="header-open-stall"' in page
    assert f'href="{SIGN_UP_URL}" id="footer-open-stall"' in page
    assert client.get(SIGN_UP_URL).status_code == 200


def test_sign_up_creates_a_signed_in_user_and_a_pending_stall(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGN_UP_URL, application())

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:application-status")
    partner = Partner.objects.get(name="HTX Chè Shan Tuyết Suối Giàng")
    user = User.objects.get(email="htx.suoigiang@example.vn")
    assert (partner.status, partner.kind, partner.province, partner.phone) == (
        Partner.Status.PENDING,
        Partner.Kind.COOPERATIVE,
        province("15"),
        "0912 345 678",
    )
    assert (partner.email, partner.tax_code, partner.contact_name) == (
        "htx.suoigiang@example.vn",
        "5200123456",
        "Nguyễn Thị Mai",
    )
    assert partner.applied_at is not None and partner.reviewed_at is None
    assert list(partner.users.all()) == [user]
    assert list(user.groups.values_list("name", flat=True)) == [PRODUCERS]
    assert user.check_password("Che-Shan-Tuyet-2025") and not user.is_staff
    assert client.session["_auth_user_id"] == str(user.pk)
    assert len(mail.outbox) == 1


def test_sign_up_receipt_email_links_to_the_status_page_on_site_url(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://cho-ocop.example"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGN_UP_URL, application())

    (email,) = mail.outbox
    assert email.to == ["htx.suoigiang@example.vn"]
    assert "HTX Chè Shan Tuyết Suối Giàng" in email.subject
    assert "https://cho-ocop.example/dashboard/my-application/" in email.body


def test_no_email_is_sent_before_the_sign_up_commits(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(SIGN_UP_URL, application())

    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Yên Bái", "15"), ("yen bai", "15"), ("Bắc Giang", "24"), ("Hà Nội", "01"), ("ha noi", "01")],
)
def test_a_current_or_former_province_name_is_accepted_and_mapped(client, typed, code):
    client.post(SIGN_UP_URL, application(province=typed))

    assert Partner.objects.get().province == province(code)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"phone_number": "12345"}, "phone_number"),
        ({"phone_number": "+1 202 555 0143"}, "phone_number"),  # a valid number, not Vietnamese
        ({"phone_number": ""}, "phone_number"),
        ({"province": "Atlantis"}, "province"),
        ({"province": ""}, "province"),
        ({"password2": "Che-Shan-Tuyet-2026"}, "password2"),
        ({"password1": "123", "password2": "123"}, "password2"),  # Django's validators
        ({"email": "not-an-email"}, "email"),
        ({"kind": "corporation"}, "kind"),
        ({"name": ""}, "name"),
        ({"tax_code": ""}, "tax_code"),
        ({"contact_name": ""}, "contact_name"),
    ],
)
def test_a_bad_input_is_a_form_error_and_writes_nothing(client, changes, field):
    response = client.post(SIGN_UP_URL, application(**changes))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Partner.objects.exists()
    assert not User.objects.exists()
    assert mail.outbox == []


def test_a_used_email_is_a_form_error(client):
    User.objects.create_user("someone", "HTX.SuoiGiang@example.vn", "pw-123456789")

    response = client.post(SIGN_UP_URL, application())

    assert "email" in response.context["form"].errors
    assert User.objects.count() == 1
    assert not Partner.objects.exists()


def test_a_phone_number_with_country_code_is_accepted(client):
    client.post(SIGN_UP_URL, application(phone_number="+84 912 345 678"))

    assert Partner.objects.get().phone == "0912 345 678"


def test_a_business_name_already_taken_gets_its_own_stall_code(client):
    existing = PartnerFactory(name="HTX Chè Shan Tuyết Suối Giàng")

    client.post(SIGN_UP_URL, application())

    new = Partner.objects.exclude(pk=existing.pk).get()
    assert new.code != existing.code and new.status == Partner.Status.PENDING


# ---------------------------------------------------------------- the optional first product


def first_product(**changes: str) -> dict[str, str]:
    data = {
        "product-title": "Chè Shan tuyết cổ thụ Suối Giàng",
        "product-category": str(category("I.2.b").pk),
        "product-stars": "4",
        "product-score": "78",
        "product-certificate_number": "QĐ-OCOP-0123",
        "product-decision_number": "1234/QĐ-UBND",
        "product-certification_level": "province",
        "product-certified_on": "2025-03-12",
    }
    return data | changes


def test_sign_up_with_a_first_product_records_it_for_review_with_an_unverified_certificate(client):
    response = client.post(SIGN_UP_URL, application() | first_product())

    assert response.status_code == 302
    product = Product.objects.get(title="Chè Shan tuyết cổ thụ Suối Giàng")
    partner = Partner.objects.get(name="HTX Chè Shan Tuyết Suối Giàng")
    assert (product.producer, product.province, product.is_public) == (partner, partner.province, False)
    assert product.listing_status == Product.ListingStatus.PENDING
    assert product.stars is None  # unverified: no badge, no star filter, no statistics
    claim = CertificateClaim.objects.get(product=product)
    assert (claim.status, claim.stars, claim.score) == (CertificateClaim.Status.PENDING, 4, 78)


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"product-title": ""}, "title"),
        ({"product-stars": ""}, "stars"),
        ({"product-score": "95"}, "score"),  # a 4★ product scores 70–89
        ({"product-certified_on": "12/2025"}, "certified_on"),
    ],
)
def test_a_bad_first_product_is_a_form_error_and_writes_nothing(client, changes, field):
    response = client.post(SIGN_UP_URL, application() | first_product(**changes))

    assert response.status_code == 200
    assert field in response.context["product_form"].errors
    assert not User.objects.filter(email="htx.suoigiang@example.vn").exists()
    assert not Partner.objects.filter(name="HTX Chè Shan Tuyết Suối Giàng").exists()
    assert not Product.objects.filter(title="Chè Shan tuyết cổ thụ Suối Giàng").exists()


def test_sign_up_without_a_first_product_creates_none(client):
    client.post(SIGN_UP_URL, application())

    assert not Product.objects.filter(producer__name="HTX Chè Shan Tuyết Suối Giàng").exists()
