"""A confirmed order emails the customer once and each producer once, with only its own lines."""

from __future__ import annotations

import logging
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from oscar.core.loading import get_class, get_model
from oscar.templatetags.currency_filters import currency
from oscar.test.factories import CountryFactory, ShippingAddressFactory, SourceFactory, create_order

from shop.checkout.emails import order_emails_enqueue, order_emails_send, order_emails_task
from shop.customer.order_links import order_status_path
from shop.payment import services
from tests.factories import PartnerFactory, sellable_product
from tests.factories.payment import card_order, intent
from tests.task_helpers import enqueued, tasks_kept

Basket = get_model("basket", "Basket")
SourceType = get_model("payment", "SourceType")
Selector = get_class("partner.strategy", "Selector")

pytestmark = pytest.mark.django_db

HONEY = "Mật ong rừng Hà Giang"
RICE = "Gạo ST25 Sóc Trăng"
FISH_SAUCE = "Nước mắm Phú Quốc"
CUSTOMER_EMAIL = "khach@example.vn"
HONEY_EMAIL = "matong@htx-hagiang.vn"
RICE_EMAIL = "gao@htx-soctrang.vn"
PI = "pi_test_ocop"


def place_order(*items: tuple, **order_fields) -> object:
    """An order of (product, quantity) items through a real basket: line partners come from stock."""
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product, quantity in items:
        basket.add_product(product, quantity)
    return create_order(basket=basket, **order_fields)


def money(amount: int) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return currency(Decimal(amount), "VND")


def user(username: str, email: str) -> object:
    return get_user_model().objects.create_user(username, email, "pw-123456789")


def emails_to(address: str) -> list:
    return [email for email in mail.outbox if address in email.to]


def contents(email) -> tuple[str, str]:
    """The plain-text body and the HTML alternative."""
    return email.body, email.alternatives[0][0]


@pytest.fixture
def honey_producer():
    return PartnerFactory(name="HTX Mật ong Hà Giang", email=HONEY_EMAIL)


@pytest.fixture
def rice_producer():
    return PartnerFactory(name="HTX Gạo Sóc Trăng", email=RICE_EMAIL)


@pytest.fixture
def order(honey_producer, rice_producer):
    """2 × honey (125.000 ₫) from one producer, rice (80.000 ₫) and fish sauce (95.000 ₫) from another."""
    honey = sellable_product(title=HONEY, producer=honey_producer, price=125000)
    rice = sellable_product(title=RICE, producer=rice_producer, price=80000)
    fish_sauce = sellable_product(title=FISH_SAUCE, producer=rice_producer, price=95000)
    address = ShippingAddressFactory(
        first_name="",
        last_name="Nguyễn Thị Lan",
        phone_number="+84912345678",
        line1="12 Lê Lợi",
        line2="",
        line4="Phường Bến Thành",
        state="TP. Hồ Chí Minh",
        postcode="",
        country=CountryFactory(iso_3166_1_a2="VN", printable_name="Việt Nam"),
    )
    order = place_order(
        (honey, 2), (rice, 1), (fish_sauce, 1), user=user("khach", CUSTOMER_EMAIL), shipping_address=address
    )
    cash, _created = SourceType.objects.get_or_create(
        code="cash-on-delivery", defaults={"name": "Thanh toán khi nhận hàng (COD)"}
    )
    SourceFactory(order=order, source_type=cash, amount_allocated=order.total_incl_tax)
    return order


def test_order_of_two_producers_sends_the_customer_and_each_producer_one_email(order):
    order_emails_send(order=order)

    recipients = sorted(tuple(email.to) for email in mail.outbox)
    assert recipients == [(RICE_EMAIL,), (CUSTOMER_EMAIL,), (HONEY_EMAIL,)]
    assert {email.from_email for email in mail.outbox} == {settings.OSCAR_FROM_EMAIL}


def test_customer_gets_oscars_order_confirmation_with_every_line_and_the_total(order):
    order_emails_send(order=order)

    [confirmation] = emails_to(CUSTOMER_EMAIL)
    assert confirmation.subject == f"Xác nhận của đơn hàng {order.number}"
    for text in contents(confirmation):
        assert HONEY in text and RICE in text and FISH_SAUCE in text
        assert money(425000) in text


PUBLIC_ORIGIN = "https://cho-ocop.example.vn"
# Identifiers, not links: the XHTML doctype, XML namespaces and schema.org types of Oscar's email layout.
NOT_LINKS = re.compile(r'<!DOCTYPE[^>]*>|xmlns="[^"]*"|itemtype="[^"]*"')


def links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", NOT_LINKS.sub("", text))


@pytest.mark.parametrize("buyer", ["guest", "signed-in"])
def test_confirmation_links_start_with_site_url_and_never_say_example_com(order, buyer, settings):
    settings.SITE_URL = PUBLIC_ORIGIN  # not the Site row's domain: every link follows SITE_URL
    if buyer == "guest":
        order.user, order.guest_email = None, CUSTOMER_EMAIL
        order.save()
    order_emails_task.call(order.id)

    assert len(mail.outbox) == 3
    for email in mail.outbox:
        assert "example.com" not in email.subject
        for text in contents(email):
            assert "example.com" not in text
            assert "Chợ OCOP" in text  # signed with the site's name
            assert all(link.startswith(PUBLIC_ORIGIN + "/") for link in links(text)), links(text)
    [confirmation] = emails_to(CUSTOMER_EMAIL)
    body, html = contents(confirmation)
    status_path = order_status_path(order)
    if buyer == "guest":  # the guest's page with the key that spares retyping the email
        hash_path = reverse(
            "customer:anon-order", kwargs={"order_number": order.number, "hash": order.verification_hash()}
        )
        assert status_path.startswith(hash_path + "?key=")
    else:
        assert status_path == reverse("customer:order", kwargs={"order_number": order.number})
    assert links(body) == [PUBLIC_ORIGIN + status_path]
    assert re.findall(r'href="([^"]*)"', html) == [PUBLIC_ORIGIN + status_path]


def test_guest_confirmation_goes_to_the_guest_email(rice_producer):
    rice = sellable_product(title=RICE, producer=rice_producer, price=80000)
    order = place_order((rice, 1), guest_email="khach-vang-lai@example.vn")

    order_emails_send(order=order)

    assert sorted(tuple(email.to) for email in mail.outbox) == [(RICE_EMAIL,), ("khach-vang-lai@example.vn",)]


@pytest.mark.parametrize(
    ("producer_email", "own_titles", "other_titles", "subtotal"),
    [
        (HONEY_EMAIL, [HONEY], [RICE, FISH_SAUCE], 250000),
        (RICE_EMAIL, [RICE, FISH_SAUCE], [HONEY], 175000),
    ],
)
def test_producer_email_lists_only_its_own_lines_and_subtotal(
    order, producer_email, own_titles, other_titles, subtotal
):
    order_emails_send(order=order)

    [email] = emails_to(producer_email)
    for text in contents(email):
        assert all(title in text for title in own_titles)
        assert not any(title in text for title in other_titles)
        assert money(subtotal) in text
        assert money(425000) not in text


def test_producer_email_shows_each_line_price_and_quantity(order):
    order_emails_send(order=order)

    [email] = emails_to(RICE_EMAIL)
    body, html = contents(email)
    assert f"{RICE} × 1: {money(80000)}" in body
    assert f"{FISH_SAUCE} × 1: {money(95000)}" in body
    assert f"Tạm tính của bạn: {money(175000)}" in body
    assert money(80000) in html and money(95000) in html and money(175000) in html
    assert money(175000) == "175.000\xa0₫"


def test_producer_email_shows_the_order_date_address_and_payment_method_in_vietnamese(order):
    order_emails_send(order=order)

    [email] = emails_to(HONEY_EMAIL)
    placed = timezone.localtime(order.date_placed).strftime("%d/%m/%Y")
    for text in contents(email):
        assert str(order.number) in text
        assert placed in text
        assert "Địa chỉ giao hàng" in text
        for value in ("Nguyễn Thị Lan", "+84912345678", "12 Lê Lợi", "Phường Bến Thành", "TP. Hồ Chí Minh"):
            assert value in text
        assert "Thanh toán khi nhận hàng (COD)" in text
        assert "HTX Mật ong Hà Giang" in text
        assert "Tạm tính của bạn" in text


def test_every_subject_mentions_the_order_number(order):
    order_emails_send(order=order)

    assert len(mail.outbox) == 3
    assert all(str(order.number) in email.subject for email in mail.outbox)


def test_producer_email_goes_to_its_email_and_its_users_emails_once(order, honey_producer):
    honey_producer.users.add(
        user("chu-htx", HONEY_EMAIL.upper()),
        user("ke-toan", "ketoan@htx-hagiang.vn"),
        user("kho", ""),
        user("ban-hang", "ketoan@htx-hagiang.vn"),
    )

    order_emails_send(order=order)

    [email] = emails_to(HONEY_EMAIL)
    assert email.to == [HONEY_EMAIL, "ketoan@htx-hagiang.vn"]


def test_producer_with_only_users_emails_gets_the_email_at_them(order, honey_producer):
    honey_producer.email = ""
    honey_producer.save()
    honey_producer.users.add(user("chu-htx", "chu@htx-hagiang.vn"))

    order_emails_send(order=order)

    [email] = emails_to("chu@htx-hagiang.vn")
    assert email.to == ["chu@htx-hagiang.vn"]
    assert HONEY in email.body and RICE not in email.body


def test_producer_without_any_email_is_skipped_and_the_others_still_get_theirs(order, honey_producer, caplog):
    honey_producer.email = ""
    honey_producer.save()
    honey_producer.users.add(user("kho", ""))

    with caplog.at_level(logging.WARNING, logger="shop.checkout.emails"):
        order_emails_send(order=order)

    assert sorted(tuple(email.to) for email in mail.outbox) == [(RICE_EMAIL,), (CUSTOMER_EMAIL,)]
    assert not any(HONEY in email.body for email in emails_to(RICE_EMAIL))
    assert f"producer #{honey_producer.id}" in caplog.text


# ---------------------------------------------------------------- sent by a task after the commit


def test_the_emails_leave_after_the_commit_not_before(order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        order_emails_enqueue(order_id=order.id)
        assert mail.outbox == []

    assert len(callbacks) == 1
    assert len(mail.outbox) == 3


def guest_card_order():
    payment = card_order(paid=False)
    payment.order.guest_email = CUSTOMER_EMAIL
    payment.order.save()
    return payment


def test_a_rolled_back_payment_sends_no_email(django_capture_on_commit_callbacks):
    payment = guest_card_order()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        assert services.card_payment_apply(intent=intent(PI, amount=int(payment.amount))) == "paid"
        raise RuntimeError("the webhook's transaction fails after the payment was recorded")

    assert callbacks == []
    assert mail.outbox == []
    payment.refresh_from_db()
    assert payment.status == "awaiting"


def test_a_card_payment_enqueues_the_order_id_only(settings, django_capture_on_commit_callbacks):
    queue = tasks_kept(settings)
    payment = guest_card_order()

    with django_capture_on_commit_callbacks(execute=True):
        services.card_payment_apply(intent=intent(PI, amount=int(payment.amount)))

    assert enqueued(queue) == [("order_emails_task", [payment.order_id])]
    assert mail.outbox == []  # the dummy backend runs nothing


def test_a_task_run_twice_sends_each_email_once(order):
    order_emails_task.call(order.id)
    order_emails_task.call(order.id)

    assert len(mail.outbox) == 3
    events = sorted(order.communication_events.values_list("event_type__code", flat=True))
    assert events == ["ORDER_PLACED", "PRODUCER_ORDER_PLACED"]


def test_the_task_of_a_deleted_order_sends_nothing(order):
    order_id = order.id
    order.delete()

    order_emails_task.call(order_id)

    assert mail.outbox == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_worker_sends_the_queued_confirmation(settings):
    """The production path: the task row is written after the commit, `db_worker --batch` sends it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    payment = guest_card_order()
    paid = intent(PI, amount=int(payment.amount))
    with pytest.raises(RuntimeError), transaction.atomic():
        services.card_payment_apply(intent=paid)
        raise RuntimeError("rolled back")
    assert not DBTaskResult.objects.exists()  # a rolled-back payment queues nothing

    services.card_payment_apply(intent=paid)

    [queued] = DBTaskResult.objects.all()
    assert (queued.status, queued.args_kwargs) == ("READY", {"args": [payment.order_id], "kwargs": {}})
    assert mail.outbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name=*")
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    [confirmation] = emails_to(CUSTOMER_EMAIL)
    assert str(payment.order.number) in confirmation.subject
