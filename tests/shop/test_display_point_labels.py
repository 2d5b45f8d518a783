"""A display point's A4 shelf label sheet: its products for staff, a producer's own for a producer."""

from __future__ import annotations

import pytest

from tests.label_helpers import label_world, labelled

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict:
    return label_world()


def test_a_display_points_sheet_has_its_products_and_a_producer_sees_only_its_own(client, world):
    url = f"/display-points/{world['point'].slug}/nhan-ke/"
    assert client.get(url).status_code == 302

    client.force_login(world["staff"])
    assert sorted(labelled(client.get(url).content.decode())) == sorted([world["tea"].pk, world["honey"].pk])

    client.force_login(world["tea_user"])
    assert labelled(client.get(url).content.decode()) == [world["tea"].pk]

    client.force_login(world["customer"])
    assert client.get(url).status_code == 403


def test_the_display_point_page_links_its_label_sheet_for_staff_only(client, world):
    link = f'href="/display-points/{world["point"].slug}/nhan-ke/"'
    assert link not in client.get(world["point"].get_absolute_url()).content.decode()

    client.force_login(world["staff"])
    assert link in client.get(world["point"].get_absolute_url()).content.decode()
