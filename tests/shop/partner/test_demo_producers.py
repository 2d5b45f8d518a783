"""The two local demo producer sign-ins (`ocop_demo_producers`): idempotent, into their stalls' dashboard."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from shop.partner.management.commands.ocop_demo_producers import DEMO_PRODUCERS, PASSWORD
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_stalls() -> list:
    return [PartnerFactory(name=stall) for _, _, stall in DEMO_PRODUCERS]


def run(**options) -> str:
    out = StringIO()
    call_command("ocop_demo_producers", stdout=out, **options)
    return out.getvalue()


def test_demo_producers_sign_in_to_their_own_stall_dashboard(client, demo_stalls):
    output = run(force=True)

    for (email, _, _), stall in zip(DEMO_PRODUCERS, demo_stalls, strict=True):
        assert f"demo producer {email} → {stall.name}" in output
        assert [user.email for user in stall.users.all()] == [email]
        assert client.login(username=email, password=PASSWORD)
        assert client.get("/dashboard/").status_code == 200


def test_a_second_run_changes_nothing(demo_stalls):
    run(force=True)

    assert run(force=True).count(": unchanged") == len(DEMO_PRODUCERS)


def test_refuses_outside_debug_unless_forced(demo_stalls):
    with pytest.raises(CommandError, match="DEBUG is off"):
        run()


def test_refuses_without_the_demo_data():
    with pytest.raises(CommandError, match="ocop_load_demo"):
        run(force=True)
