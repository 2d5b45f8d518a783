"""Every Wagtail page editor opens and saves in Chromium, and the choosers work at catalogue scale.

Generic over the page types (wagtail.models.get_page_models): a future page type is opened and
saved here without editing the test. The chooser test picks a product through the modal's search
(accents left out) and saves it on the home page's featured products.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from oscar.core.loading import get_model
from playwright.sync_api import expect
from wagtail.models import Page, get_page_models

from cms.models import HomePage
from tests.factories import PartnerFactory, sellable_product
from tests.factories.displays import DisplayPointFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

Product = get_model("catalogue", "Product")
PASSWORD = "pw-123456789"


@pytest.fixture
def editor_world():
    """A superuser, products of two producers, a display point, and one page of every type."""
    admin = get_user_model().objects.create_superuser("admin", "admin@cho-ocop.local", PASSWORD)
    producer = PartnerFactory(name="HTX Chè Tân Cương")
    tea = sellable_product(title="Chè búp Tân Cương Thái Nguyên", producer=producer, price=180000)
    sellable_product(title="Mật ong bạc hà Mèo Vạc", producer=PartnerFactory(name="HTX Ong Mèo Vạc"))
    point = DisplayPointFactory()
    body = [
        ("product", {"product": tea}),
        ("stall", {"producer": producer}),
        ("display_point", {"display_point": point}),
    ]
    for model in get_page_models():
        if model is Page or model.objects.exists():
            continue
        parent = next(p for parents in model.allowed_parent_page_models() for p in parents.objects.all()[:1])
        page = model(title=f"Thử {model._meta.verbose_name}", slug=f"thu-{model._meta.model_name}")
        if "body" in {f.name for f in model._meta.get_fields()}:
            page.body = body
        parent.add_child(instance=page)
    return {"admin": admin, "tea": tea}


def sign_in(page, username: str) -> None:
    page.goto("/cms/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form [type=submit]").click()
    page.wait_for_url("**/cms/")


def save_draft(page) -> None:
    page.locator("button.action-save").first.click()
    page.locator(".messages .success").first.wait_for()


def test_every_page_editor_opens_and_saves_a_draft(page, editor_world):
    sign_in(page, "admin")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    saved = []
    for model in get_page_models():
        if model is Page:
            continue
        instance = model.objects.first()
        page.goto(reverse("wagtailadmin_pages:edit", args=(instance.pk,)))
        save_draft(page)
        saved.append(model.__name__)
        assert not page.locator(".error-message, .help-critical").count(), model.__name__
    assert errors == []
    assert len(saved) == len(get_page_models()) - 1


def test_editor_picks_a_featured_product_through_the_chooser_search(page, editor_world):
    home = HomePage.objects.get()
    sign_in(page, "admin")
    page.goto(reverse("wagtailadmin_pages:edit", args=(home.pk,)))

    page.locator("#id_featured-ADD").click()
    chooser = page.locator("#id_featured-0-product-chooser")
    chooser.locator("[data-chooser-action-choose]").click()
    modal = page.locator(".modal-dialog")
    modal.locator("input[name=q]").fill("che tan cuong")
    # The results refresh as one types: only the tea is left (accents and case left out).
    expect(modal.locator("table tbody tr")).to_have_count(1)
    expect(modal.locator("table tbody")).not_to_contain_text("Mật ong")
    modal.get_by_role("link", name="Chè búp Tân Cương Thái Nguyên").click()
    modal.wait_for(state="hidden")
    assert chooser.locator("[data-chooser-title]").inner_text() == "Chè búp Tân Cương Thái Nguyên"

    page.locator("button.action-save").first.click()
    page.locator(".messages .success").first.wait_for()
    featured = HomePage.objects.get().get_latest_revision_as_object().featured.all()
    assert [row.product_id for row in featured] == [editor_world["tea"].pk]
