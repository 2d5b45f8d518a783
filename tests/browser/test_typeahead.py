"""Suggestions under the header search box: typed without accents, chosen with the keyboard or mouse."""

from __future__ import annotations

import pytest

from tests.factories import ProductFactory, province

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def honey():
    return ProductFactory(title="Mật ong hoa nhãn Hưng Yên", stars=5, province=province("33"))


def test_typing_without_accents_suggests_the_product_and_arrow_down_enter_opens_it(page, honey):
    page.goto("/")
    box = page.locator("#site-search-q")

    box.press_sequentially("mat on", delay=40)

    listbox = page.get_by_role("listbox")
    option = listbox.get_by_role("option").first
    option.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert option.inner_text().split("\n") == ["Mật ong hoa nhãn Hưng Yên", "Sản phẩm"]
    assert box.get_attribute("aria-activedescendant") is None

    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    assert option.get_attribute("aria-selected") == "true"

    box.press("Enter")
    page.wait_for_url(f"**{honey.get_absolute_url()}")


def test_escape_closes_the_list_and_enter_then_searches(page, honey):
    page.goto("/")
    box = page.locator("#site-search-q")
    box.press_sequentially("hung ye", delay=40)
    page.get_by_role("option", name="Hưng Yên Tỉnh thành").wait_for()

    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert page.get_by_role("listbox").is_hidden()

    box.press("Enter")
    page.wait_for_url("**/search/?q=hung+ye")


def test_escape_before_the_next_answer_keeps_the_list_closed(page, honey):
    page.goto("/")
    box = page.locator("#site-search-q")
    box.press_sequentially("hung y", delay=40)
    page.get_by_role("option", name="Hưng Yên Tỉnh thành").wait_for()

    # One more key and Escape at once: the answer for "hung ye" must not reopen the list.
    box.press("e")
    box.press("Escape")
    page.wait_for_timeout(800)  # the debounce (150 ms) and a local answer, several times over

    assert box.get_attribute("aria-expanded") == "false"
    assert page.get_by_role("listbox").is_hidden()


def test_a_click_on_a_province_suggestion_opens_the_province(page, honey):
    page.goto("/")
    page.locator("#site-search-q").press_sequentially("thai binh", delay=40)

    page.get_by_role("option", name="Hưng Yên Tỉnh thành").click()

    page.wait_for_url(f"**{province('33').get_absolute_url()}")
