"""Trade-promotion staff manage display points in the Wagtail admin; producers cannot."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from oscar.core.loading import get_model

DisplayPoint = get_model("displays", "DisplayPoint")
Province = get_model("catalogue", "Province")

pytestmark = pytest.mark.django_db

LIST_URL = "/cms/snippets/displays/displaypoint/"


def member_of(client, group_name):
    user = get_user_model().objects.create_user("u", "u@example.vn", "pw-123456789")
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    return client


def test_trade_promotion_staff_add_a_display_point(client):
    staff = member_of(client, "Trade promotion staff")
    hanoi = Province.objects.get(code="01")

    response = staff.post(
        f"{LIST_URL}add/",
        {
            "name": "Điểm OCOP Hồ Gươm",
            "slug": "diem-ocop-ho-guom",
            "province": hanoi.pk,
            "address": "2 Lê Thái Tổ, Hoàn Kiếm",
            "latitude": "21.0287",
            "longitude": "105.8523",
        },
    )

    assert response.status_code == 302
    point = DisplayPoint.objects.get(slug="diem-ocop-ho-guom")
    assert (point.province, str(point.latitude)) == (hanoi, "21.028700")
    assert staff.get(LIST_URL).status_code == 200


def test_display_point_with_latitude_out_of_range_is_refused(client):
    staff = member_of(client, "Trade promotion staff")

    response = staff.post(
        f"{LIST_URL}add/",
        {
            "name": "Sai toạ độ",
            "slug": "sai",
            "province": Province.objects.get(code="01").pk,
            "latitude": "123",
        },
    )

    assert response.status_code == 200
    assert not DisplayPoint.objects.exists()


def test_producer_cannot_reach_the_wagtail_admin(client):
    producer = member_of(client, "Producers")

    response = producer.get(LIST_URL)

    assert response.status_code == 302
    assert DisplayPoint.objects.count() == 0


def test_wagtail_admin_reads_in_vietnamese_without_our_storefront_words(client):
    """Our catalogue overrides Wagtail's for a shared msgid: "Pages" once read "Phân trang"."""
    admin = get_user_model().objects.create_superuser("admin", "admin@example.vn", "pw-123456789")
    client.force_login(admin)

    menu = client.get("/cms/").content.decode()

    assert '"Trang"' in menu  # the Pages menu item, in the sidebar's JSON
    assert "Phân trang" not in menu


def test_wagtail_admin_asks_no_outside_service(client, settings):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.vn", "pw-123456789")
    client.force_login(admin)

    html = client.get("/cms/").content.decode()

    assert (settings.WAGTAIL_GRAVATAR_PROVIDER_URL, settings.WAGTAIL_ENABLE_UPDATE_CHECK) == (None, False)
    assert "gravatar" not in html
    assert "releases.wagtail.io" not in html and "data-w-upgrade" not in html
