"""The home page is curated in Wagtail: a hero text with an optional link, then automatic sections."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from pytest_django.asserts import assertContains

from cms.models import HomePage

pytestmark = pytest.mark.django_db


def test_hero_title_text_and_link_are_what_staff_wrote(client):
    home = HomePage.objects.get()
    home.hero_title = "Tết này, quà OCOP"
    home.intro = "Hơn 400 sản phẩm 3–5 sao từ 34 tỉnh, thành phố."
    home.hero_link_label = "Xem hội chợ Tết"
    home.hero_link_url = "/hoi-cho/?month=2026-02"
    home.save_revision().publish()

    response = client.get("/")

    assertContains(response, '<h1 id="hero-title" class="hero__title">Tết này, quà OCOP</h1>', html=True)
    assertContains(response, "Hơn 400 sản phẩm 3–5 sao từ 34 tỉnh, thành phố.")
    assertContains(response, 'href="/hoi-cho/?month=2026-02"')


@pytest.mark.parametrize(
    ("label", "url"),
    [("Xem", "javascript:alert(1)"), ("Xem", "//evil.example/"), ("", "/hoi-cho/"), ("Xem", "")],
)
def test_hero_link_needs_a_text_and_a_site_path_or_web_address(label, url):
    home = HomePage.objects.get()
    home.hero_link_label, home.hero_link_url = label, url

    with pytest.raises(ValidationError):
        home.full_clean()


def test_home_page_answers_in_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    client.get("/")

    with django_assert_max_num_queries(20):
        assert client.get("/").status_code == 200
