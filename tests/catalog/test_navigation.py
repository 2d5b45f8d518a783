"""The sectors menu on every page: kept in the cache per language, renamed at once."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def menu(html: str) -> str:
    return html[html.index('<ul class="nav-dropdown__menu">') : html.index("</details>")]


def test_the_sectors_menu_is_read_once_and_shows_a_renamed_or_new_sector_at_once(client):
    food = CategoryFactory(name="Thực phẩm", name_en="Food")
    client.get("/")
    with CaptureQueriesContext(connection) as again:
        second = client.get("/catalogue/")
    food.name = "Thực phẩm chế biến"
    food.save()
    CategoryFactory(name="Đồ uống", name_en="Drinks")
    after = menu(client.get("/catalogue/").content.decode())

    assert [
        q["sql"] for q in again.captured_queries if "catalogue_category" in q["sql"] and "depth" in q["sql"]
    ] == []
    assert "Thực phẩm" in menu(second.content.decode())
    assert ("Thực phẩm chế biến" in after, "Đồ uống" in after) == (True, True)
    assert f'href="{food.get_absolute_url()}"' in after


def test_each_language_has_its_own_menu(client):
    CategoryFactory(name="Thực phẩm", name_en="Food")
    vietnamese = menu(client.get("/catalogue/").content.decode())
    english = menu(client.get("/catalogue/?lang=en").content.decode())

    assert ("Thực phẩm" in vietnamese, "Food" in vietnamese) == (True, False)
    assert "Food" in english
