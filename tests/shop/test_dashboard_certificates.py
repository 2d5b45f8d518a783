"""A producer's dashboard home lists its products' OCOP certificates: status, date, what to do."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shop.groups import PRODUCERS
from tests.factories import PartnerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def producer_client(client, partner):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=f"u{partner.pk}", email="p@example.vn", password="x")
    user.groups.add(Group.objects.get(name=PRODUCERS))
    partner.users.add(user)
    client.force_login(user)
    return client


def certificate(partner, title: str, days: int):
    expires_on = timezone.localdate() + datetime.timedelta(days=days)
    return ProductFactory(title=title, producer=partner, certified_on=None, expires_on=expires_on)


def rows(html: str) -> dict[str, str]:
    """Certificate status by product title, from the table rows."""
    found = {}
    for chunk in html.split("<tr data-certificate-status=")[1:]:
        status = chunk.split('"')[1]
        title = chunk.split("</a>")[0].rsplit(">", 1)[1]
        found[title] = status
    return found


def test_producer_sees_each_certificates_status_with_its_date(client, settings):
    assert settings.OCOP_EXPIRING_DAYS == 90
    mine = PartnerFactory()
    valid = certificate(mine, "Chè Shan tuyết", 91)
    certificate(mine, "Mật ong", 90)
    certificate(mine, "Gạo nếp", -1)
    certificate(PartnerFactory(), "Của người khác", -1)

    response = producer_client(client, mine).get("/dashboard/")

    html = response.content.decode()
    assert response.status_code == 200
    assert rows(html) == {"Gạo nếp": "expired", "Mật ong": "expiring", "Chè Shan tuyết": "valid"}
    assert valid.expires_on.strftime("%d/%m/%Y") in html


def test_the_certificate_list_costs_the_same_queries_for_many_products(client):
    mine = PartnerFactory()
    producer_client(client, mine)
    certificate(mine, "Sản phẩm 0", 10)
    client.get("/dashboard/")  # warm caches (site, groups)
    with CaptureQueriesContext(connection) as one:
        client.get("/dashboard/")
    for n in range(1, 30):
        certificate(mine, f"Sản phẩm {n}", n * 10)

    with CaptureQueriesContext(connection) as many:
        response = client.get("/dashboard/")

    assert len(rows(response.content.decode())) == 30
    assert len(many) == len(one)


def test_staff_home_has_no_certificate_list(admin_client):
    assert b"data-certificate-status" not in admin_client.get("/dashboard/").content
