"""/producers/: approved producers only, filtered by province and type, found by name without
accents, paginated in a fixed number of queries, each linking to its stall."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.utils import collation_key
from tests.factories import PartnerFactory, province

pytestmark = pytest.mark.django_db

URL = "/producers/"


@pytest.fixture
def producers():
    return {
        "honey": PartnerFactory(name="HTX Mật ong Bắc Hà", province=province("15"), kind="cooperative"),
        "rice": PartnerFactory(name="Công ty Gạo Đồng Tháp", province=province("01"), kind="enterprise"),
        "tea": PartnerFactory(name="Hộ kinh doanh Chè Shan tuyết", province=province("15"), kind="household"),
        "pending": PartnerFactory(name="HTX Mật ong chờ duyệt", status="pending"),
        "rejected": PartnerFactory(name="HTX Mật ong bị từ chối", status="rejected"),
    }


def names(response) -> list[str]:
    return [producer.name for producer in response.context["producers"]]


def test_the_url_is_named_in_the_partner_app_beside_the_stalls(producers):
    assert reverse("partner:producer-list") == URL
    assert producers["honey"].get_absolute_url() == f"/producers/{producers['honey'].code}/"


@pytest.mark.parametrize("signed_in", [False, True])
def test_directory_lists_approved_producers_by_name_with_links_to_their_stalls(client, producers, signed_in):
    if signed_in:
        client.force_login(get_user_model().objects.create_user("lan", "lan@example.vn", "pw-123456789"))

    response = client.get(URL)

    assert response.status_code == 200
    assert names(response) == ["Công ty Gạo Đồng Tháp", "HTX Mật ong Bắc Hà", "Hộ kinh doanh Chè Shan tuyết"]
    html = response.content.decode()
    assert f'href="{producers["honey"].get_absolute_url()}"' in html
    assert "chờ duyệt" not in html and "bị từ chối" not in html


@pytest.mark.parametrize(
    "query, expected",
    [
        ("province=lao-cai", ["HTX Mật ong Bắc Hà", "Hộ kinh doanh Chè Shan tuyết"]),
        ("kind=enterprise", ["Công ty Gạo Đồng Tháp"]),
        ("province=lao-cai&kind=household", ["Hộ kinh doanh Chè Shan tuyết"]),
        ("q=mat+ong", ["HTX Mật ong Bắc Hà"]),
        ("q=DONG+thap", ["Công ty Gạo Đồng Tháp"]),
        ("q=Mật+Ong+bắc", ["HTX Mật ong Bắc Hà"]),
        ("q=nuoc+mam", []),
    ],
)
def test_directory_filters_by_province_type_and_name_without_accents(client, producers, query, expected):
    response = client.get(f"{URL}?{query}")

    assert response.status_code == 200
    assert names(response) == expected


def test_province_choices_follow_the_vietnamese_dictionary_order(client, producers):
    choices = [label for _, label in client.get(URL).context["form"].fields["province"].choices][1:]

    assert len(choices) == 34
    assert choices.index("Hà Nội") < choices.index("Huế")
    assert choices == sorted(choices, key=collation_key)
    assert choices.index("Đồng Tháp") < choices.index("Gia Lai")


@pytest.mark.parametrize("query, field", [("province=atlantis", "province"), ("kind=factory", "kind")])
def test_an_unknown_filter_is_reported_on_its_field_and_left_out(client, producers, query, field):
    response = client.get(f"{URL}?{query}&q=mat+ong")

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert 'role="alert"' in response.content.decode()
    assert names(response) == ["HTX Mật ong Bắc Hà"]


@pytest.mark.parametrize("page, number", [("2", 2), ("99", 2), ("abc", 1), ("", 1)])
def test_directory_is_paginated_and_a_bad_page_is_not_an_error(client, page, number):
    for n in range(35):
        PartnerFactory(name=f"HTX số {n:02d}")

    response = client.get(f"{URL}?page={page}")

    assert response.status_code == 200
    assert response.context["page"].number == number
    assert len(names(response)) == (5 if number == 2 else 30)


def test_directory_queries_do_not_grow_with_its_length(client, django_assert_max_num_queries):
    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(f"{URL}?q=htx").status_code == 200
        return len(context.captured_queries)

    for n in range(3):
        PartnerFactory(name=f"HTX nhỏ {n}", province=province("01"))
    client.get(URL)
    few = count()
    for n in range(40):
        PartnerFactory(name=f"HTX lớn {n}", province=province(("01", "15", "79")[n % 3]))

    with django_assert_max_num_queries(few):
        client.get(f"{URL}?q=htx")


def test_directory_has_a_breadcrumb_list_and_a_navigation_link(client, producers):
    html = client.get(URL).content.decode()

    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    crumbs = [json.loads(block) for block in blocks if '"BreadcrumbList"' in block]
    assert [item["name"] for item in crumbs[0]["itemListElement"]][0] in {"Home", "Trang chủ"}
    assert crumbs[0]["itemListElement"][-1]["item"].endswith(URL)
    assert f'<a href="{URL}"' in html
