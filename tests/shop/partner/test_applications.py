"""Staff's review of producer applications, and what a stall awaiting approval may show or reach."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.selectors import province_list_with_counts
from shop.groups import PRODUCERS
from shop.partner import emails
from shop.partner.services import producer_approve, producer_reject
from tests.factories import PartnerFactory, sellable_product
from tests.task_helpers import enqueued, tasks_kept

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
User = get_user_model()

pytestmark = pytest.mark.django_db

QUEUE_URL = "/dashboard/applications/"
STATUS_URL = "/dashboard/my-application/"


def applicant(name: str = "Hộ kinh doanh Mật ong Bản Lác", status: str = Partner.Status.PENDING, **fields):
    """A producer signed up through "Mở gian hàng": its user is in the Producers group."""
    partner = PartnerFactory(
        name=name,
        kind=Partner.Kind.HOUSEHOLD,
        email=f"{name.split()[-1].lower()}@example.vn",
        status=status,
        applied_at=timezone.now(),
        **fields,
    )
    user = User.objects.create_user(f"user-{partner.pk}", partner.email, "pw-123456789")
    user.groups.add(Group.objects.get(name=PRODUCERS))
    partner.users.add(user)
    return partner, user


@pytest.fixture
def reviewer():
    """A staff member with the explicit right to change producers (Oscar's partner permissions)."""
    user = User.objects.create_user("reviewer", "reviewer@cho-ocop.local", "pw-123456789", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="partner", codename__in=["view_partner", "change_partner"]
        )
    )
    return user


def test_queue_lists_pending_applications_with_counts(client, reviewer, django_assert_max_num_queries):
    for n in range(12):
        applicant(f"Hộ kinh doanh số {n}")
    applicant("HTX Bị từ chối", status=Partner.Status.REJECTED, status_reason="Thiếu giấy phép")
    PartnerFactory(name="HTX Đã duyệt")
    client.force_login(reviewer)

    with django_assert_max_num_queries(20):
        response = client.get(QUEUE_URL)

    assert response.status_code == 200
    assert [p.name for p in response.context["applications"]] == [f"Hộ kinh doanh số {n}" for n in range(12)]
    assert response.context["counts"] == {"pending": 12, "rejected": 1}
    rejected = client.get(QUEUE_URL, {"status": "rejected"})
    assert [p.name for p in rejected.context["applications"]] == ["HTX Bị từ chối"]


def test_queue_is_in_the_staff_dashboard_menu(client, reviewer):
    client.force_login(reviewer)

    assert f'href="{QUEUE_URL}"' in client.get("/dashboard/").content.decode()


def test_application_detail_shows_its_details(client, reviewer):
    partner, _ = applicant(tax_code="5200999888", contact_name="Lò Văn Sáng")
    client.force_login(reviewer)

    page = client.get(f"{QUEUE_URL}{partner.pk}/").content.decode()

    assert "5200999888" in page and "Lò Văn Sáng" in page and partner.email in page


def test_staff_approve_opens_the_stall_and_emails_the_producer(
    client, reviewer, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://cho-ocop.example"
    partner, _ = applicant()
    client.force_login(reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{QUEUE_URL}{partner.pk}/approve/")

    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.status == Partner.Status.APPROVED and partner.reviewed_at is not None
    (email,) = mail.outbox
    assert email.to == [partner.email]
    assert "https://cho-ocop.example/dashboard/my-application/" in email.body
    assert f"https://cho-ocop.example/producers/{partner.code}/" in email.body
    assert client.get(f"/producers/{partner.code}/").status_code == 200


def test_staff_reject_records_the_reason_and_emails_it(client, reviewer, django_capture_on_commit_callbacks):
    partner, _ = applicant()
    client.force_login(reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{QUEUE_URL}{partner.pk}/reject/", {"reason": "Mã số thuế không khớp."})

    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.status, partner.status_reason) == (Partner.Status.REJECTED, "Mã số thuế không khớp.")
    (email,) = mail.outbox
    assert email.to == [partner.email] and "Mã số thuế không khớp." in email.body


@pytest.mark.parametrize("reason", ["", "   "])
def test_reject_without_a_reason_is_refused_and_changes_nothing(client, reviewer, reason):
    partner, _ = applicant()
    client.force_login(reviewer)

    response = client.post(f"{QUEUE_URL}{partner.pk}/reject/", {"reason": reason})

    assert response.status_code == 400
    assert "reason" in response.context["reject_form"].errors
    partner.refresh_from_db()
    assert (partner.status, partner.status_reason, partner.reviewed_at) == (Partner.Status.PENDING, "", None)
    assert mail.outbox == []


def test_an_approved_stall_cannot_be_reviewed_again(client, reviewer):
    partner = PartnerFactory()
    client.force_login(reviewer)

    assert client.post(f"{QUEUE_URL}{partner.pk}/reject/", {"reason": "x"}).status_code == 404
    assert client.post(f"{QUEUE_URL}{partner.pk}/approve/").status_code == 404
    assert Partner.objects.get(pk=partner.pk).status == Partner.Status.APPROVED


def test_staff_without_the_partner_permission_cannot_reach_the_queue(client):
    partner, _ = applicant()
    client.force_login(
        User.objects.create_user("clerk", "clerk@cho-ocop.local", "pw-123456789", is_staff=True)
    )

    assert client.get(QUEUE_URL).status_code == 403
    assert client.post(f"{QUEUE_URL}{partner.pk}/approve/").status_code == 403
    assert Partner.objects.get(pk=partner.pk).status == Partner.Status.PENDING


def test_approved_producer_and_shopper_cannot_reach_the_queue(client):
    partner, _ = applicant()
    approved, producer = applicant("HTX Đã duyệt", status=Partner.Status.APPROVED)
    shopper = User.objects.create_user("shopper", "shopper@example.vn", "pw-123456789")

    for user in (producer, shopper):
        client.force_login(user)
        assert client.get(QUEUE_URL).status_code == 403
        assert client.post(f"{QUEUE_URL}{partner.pk}/approve/").status_code == 403
    client.logout()
    assert client.get(QUEUE_URL).status_code == 302  # to the dashboard's sign-in
    assert Partner.objects.get(pk=partner.pk).status == Partner.Status.PENDING


@pytest.mark.parametrize("status", [Partner.Status.PENDING, Partner.Status.REJECTED])
def test_stall_awaiting_approval_or_rejected_is_not_public(client, status):
    partner, _ = applicant(status=status)
    product = sellable_product(title="Mật ong bạc hà Bản Lác", producer=partner)

    assert client.get(f"/producers/{partner.code}/").status_code == 404
    assert client.get(product.get_absolute_url()).status_code == 404
    assert product not in Product.objects.browsable()
    search = client.get("/search/", {"q": "Mật ong bạc hà"})
    assert "Mật ong bạc hà Bản Lác" not in [p.title for p in search.context["products"]]
    counts = {province.pk: province.product_count for province in province_list_with_counts()}
    assert counts[product.province_id] == 0


@pytest.mark.parametrize("status", [Partner.Status.PENDING, Partner.Status.REJECTED])
def test_product_of_a_stall_not_approved_cannot_be_put_in_a_basket(client, status):
    partner, _ = applicant(status=status)
    product = sellable_product(title="Mật ong bạc hà Bản Lác", producer=partner)

    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})

    assert client.get(reverse("basket:summary")).context["basket"].num_items == 0
    partner.status = Partner.Status.APPROVED
    partner.save()
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    assert client.get(reverse("basket:summary")).context["basket"].num_items == 1


def test_stall_products_appear_once_approved(client):
    partner, _ = applicant(status=Partner.Status.APPROVED)
    product = sellable_product(title="Mật ong bạc hà Bản Lác", producer=partner)

    assert client.get(product.get_absolute_url()).status_code == 200
    assert product in Product.objects.browsable()
    counts = {province.pk: province.product_count for province in province_list_with_counts()}
    assert counts[product.province_id] == 1
    search = client.get("/search/", {"q": "Mật ong bạc hà"})
    assert "Mật ong bạc hà Bản Lác" in [p.title for p in search.context["products"]]


@pytest.mark.parametrize(
    "url_name",
    [
        "dashboard:index",
        "dashboard:catalogue-product-list",
        "dashboard:order-list",
        "dashboard:partner-list",  # staff only: the applicant is redirected before it is refused
        "dashboard:application-list",
    ],
)
@pytest.mark.parametrize("status", [Partner.Status.PENDING, Partner.Status.REJECTED])
def test_producer_awaiting_approval_is_sent_to_its_status_page(client, url_name, status):
    _, user = applicant(status=status)
    client.force_login(user)
    path = reverse(url_name)

    assert client.get(path).status_code == 302
    assert client.get(path)["Location"] == STATUS_URL
    assert client.post(path, {"title": "x"})["Location"] == STATUS_URL


def test_status_page_says_pending_or_gives_the_reason(client):
    _, pending_user = applicant()
    _, rejected_user = applicant(
        "HTX Bị từ chối", status=Partner.Status.REJECTED, status_reason="Thiếu giấy phép"
    )

    client.force_login(pending_user)
    pending = client.get(STATUS_URL)
    client.force_login(rejected_user)
    rejected = client.get(STATUS_URL).content.decode()

    assert pending.status_code == 200 and 'data-status="pending"' in pending.content.decode()
    assert 'data-status="rejected"' in rejected and "Thiếu giấy phép" in rejected


def test_approved_producer_gets_its_normal_dashboard(client):
    _, user = applicant(status=Partner.Status.APPROVED)
    client.force_login(user)

    assert client.get("/dashboard/").status_code == 200
    assert client.get(reverse("dashboard:catalogue-product-list")).status_code == 200
    assert client.get(STATUS_URL).status_code == 200  # its own (approved) application, linked onwards


def test_staff_and_shoppers_without_a_stall_are_not_sent_to_a_status_page(client, reviewer):
    client.force_login(reviewer)
    assert client.get("/dashboard/").status_code == 200
    assert client.get(STATUS_URL)["Location"] == "/dashboard/"


def test_services_refuse_a_second_decision():
    partner, _ = applicant()
    producer_approve(partner_id=partner.pk)

    with pytest.raises(ValidationError):
        producer_approve(partner_id=partner.pk)
    with pytest.raises(ValidationError):
        producer_reject(partner_id=partner.pk, reason="Trễ")
    assert Partner.objects.get(pk=partner.pk).status == Partner.Status.APPROVED


def test_stall_awaiting_approval_is_not_suggested_until_approved():
    from search.backends import db_suggest

    partner, _ = applicant("HTX Sâm Ngọc Linh Tu Mơ Rông")
    assert "HTX Sâm Ngọc Linh Tu Mơ Rông" not in [s.text for s in db_suggest.suggest("sam ngoc linh")]

    producer_approve(partner_id=partner.pk)  # the save clears the suggestion cache

    assert "HTX Sâm Ngọc Linh Tu Mơ Rông" in [s.text for s in db_suggest.suggest("sam ngoc linh")]


# ---------------------------------------------------------------- the emails' tasks


def test_approval_enqueues_the_stall_id_and_the_email_code_after_commit(
    settings, django_capture_on_commit_callbacks
):
    queue = tasks_kept(settings)
    partner, _ = applicant()

    with django_capture_on_commit_callbacks(execute=True):
        producer_approve(partner_id=partner.pk)
        assert queue == []

    assert enqueued(queue) == [("application_email_task", [partner.pk, emails.APPLICATION_APPROVED])]


def test_a_rolled_back_approval_sends_nothing(django_capture_on_commit_callbacks):
    partner, _ = applicant()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        producer_approve(partner_id=partner.pk)
        raise RuntimeError("rolled back")

    assert callbacks == [] and mail.outbox == []
    partner.refresh_from_db()
    assert partner.status == Partner.Status.PENDING


def test_the_email_task_sends_nothing_for_a_deleted_stall_or_a_status_changed_since():
    approved, _ = applicant("HTX Đã duyệt", status=Partner.Status.APPROVED)
    gone, _ = applicant("HTX Đã xoá")
    gone_id = gone.pk
    gone.delete()

    assert emails.application_email_task.call(gone_id, emails.APPLICATION_APPROVED) is False
    assert emails.application_email_task.call(approved.pk, emails.APPLICATION_REJECTED) is False
    assert mail.outbox == []
    assert emails.application_email_task.call(approved.pk, emails.APPLICATION_APPROVED) is True
    assert [email.to for email in mail.outbox] == [[approved.email]]
