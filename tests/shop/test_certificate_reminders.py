"""`manage.py ocop_certificate_reminders`: once per threshold (90, 30, 0 days), once per producer."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from oscar.core.loading import get_model

from shop.partner import reminders
from tests.factories import PartnerFactory, ProductFactory
from tests.task_helpers import enqueued, tasks_kept

pytestmark = pytest.mark.django_db

CertificateReminder = get_model("partner", "CertificateReminder")
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the command as of `day`, sending what it queues after commit."""

    def run(day: datetime.date = TODAY) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            call_command("ocop_certificate_reminders", f"--today={day.isoformat()}")

    return run


def expiring(producer, title: str, days: int):
    return ProductFactory(
        title=title, producer=producer, certified_on=None, expires_on=TODAY + datetime.timedelta(days=days)
    )


@pytest.fixture
def producer():
    return PartnerFactory(name="HTX Mật ong Bắc Hà", email="htx@example.vn")


@pytest.mark.parametrize("days", [90, 30, 0])
def test_each_threshold_sends_one_email_on_its_day(run, producer, mailoutbox, days):
    expiring(producer, "Mật ong bạc hà", days)

    run()

    assert [message.to for message in mailoutbox] == [["htx@example.vn"]]
    assert "Mật ong bạc hà" in mailoutbox[0].body
    assert list(CertificateReminder.objects.values_list("threshold_days", flat=True)) == [days]


@pytest.mark.parametrize("days", [91, 31, 45, -31])
def test_no_email_between_thresholds_or_long_after_expiry(run, producer, mailoutbox, days):
    expiring(producer, "Mật ong bạc hà", days)
    # Yesterday's runs already sent what was due then.
    run(TODAY - datetime.timedelta(days=1))
    mailoutbox.clear()

    run()

    assert mailoutbox == []


def test_a_second_run_the_same_day_sends_nothing(run, producer, mailoutbox):
    expiring(producer, "Mật ong bạc hà", 30)
    run()

    run()

    assert len(mailoutbox) == 1
    assert CertificateReminder.objects.count() == 1


def test_one_email_per_producer_lists_all_its_products_due(run, producer, mailoutbox):
    expiring(producer, "Mật ong bạc hà", 90)
    expiring(producer, "Mật ong rừng", 0)
    expiring(producer, "Mật ong hoa nhãn", 200)
    other = PartnerFactory(name="HTX Chè", email="che@example.vn")
    expiring(other, "Chè Shan tuyết", 30)

    run()

    bodies = {message.to[0]: message.body for message in mailoutbox}
    assert set(bodies) == {"htx@example.vn", "che@example.vn"}
    assert "Mật ong bạc hà" in bodies["htx@example.vn"] and "Mật ong rừng" in bodies["htx@example.vn"]
    assert "Mật ong hoa nhãn" not in bodies["htx@example.vn"]


def test_a_missed_day_catches_up_the_due_threshold_once(run, producer, mailoutbox):
    expiring(producer, "Mật ong bạc hà", 88)  # the 90-day run was missed two days ago

    run()
    run(TODAY + datetime.timedelta(days=1))

    assert len(mailoutbox) == 1
    assert list(CertificateReminder.objects.values_list("threshold_days", flat=True)) == [90]


def test_the_whole_cycle_sends_three_emails(run, producer, mailoutbox):
    expiring(producer, "Mật ong bạc hà", 100)

    for day in range(0, 120):
        run(TODAY + datetime.timedelta(days=day))

    assert sorted(CertificateReminder.objects.values_list("threshold_days", flat=True)) == [0, 30, 90]
    assert len(mailoutbox) == 3


def test_a_renewed_certificate_is_reminded_again(run, producer, mailoutbox):
    product = expiring(producer, "Mật ong bạc hà", 30)
    run()
    product.expires_on = TODAY + datetime.timedelta(days=30 + 3 * 365)
    product.save()

    run(TODAY + datetime.timedelta(days=3 * 365))

    assert len(mailoutbox) == 2
    assert CertificateReminder.objects.count() == 2


def test_the_producers_sign_in_addresses_get_it_and_links_use_site_url(run, producer, mailoutbox, settings):
    settings.SITE_URL = "https://cho-ocop.example"
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="bac-ha", email="owner@example.vn", password="x")
    producer.users.add(user)
    expiring(producer, "Mật ong bạc hà", 0)

    run()

    assert mailoutbox[0].to == ["htx@example.vn", "owner@example.vn"]
    assert "https://cho-ocop.example/dashboard/" in mailoutbox[0].body


def test_the_reminder_email_is_enqueued_with_the_producer_and_reminder_ids(run, producer, settings):
    queue = tasks_kept(settings)
    expiring(producer, "Mật ong bạc hà", 30)
    expiring(producer, "Mật ong rừng", 0)

    run()

    reminder_ids = sorted(CertificateReminder.objects.values_list("pk", flat=True))
    [(name, (producer_id, ids, today))] = enqueued(queue)
    assert (name, producer_id, sorted(ids), today) == (
        "certificate_reminder_email_task",
        producer.pk,
        reminder_ids,
        TODAY.isoformat(),
    )


def test_the_reminder_task_skips_a_certificate_renewed_meanwhile_and_a_deleted_producer(
    run, producer, mailoutbox, settings
):
    queue = tasks_kept(settings)
    product = expiring(producer, "Mật ong bạc hà", 30)
    run()
    [(_name, args)] = enqueued(queue)
    assert reminders.certificate_reminder_email_task.call(*args) == 1
    assert len(mailoutbox) == 1

    product.expires_on = TODAY + datetime.timedelta(days=3 * 365)
    product.save()
    assert reminders.certificate_reminder_email_task.call(*args) == 0
    product.expires_on = TODAY + datetime.timedelta(days=30)
    product.save()
    producer.delete()
    assert reminders.certificate_reminder_email_task.call(*args) == 0
    assert len(mailoutbox) == 1
