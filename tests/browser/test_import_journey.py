"""Trade promotion: a staff member imports a provincial OCOP list (XLSX) in the Wagtail admin — the
dry-run report shows the one bad row, the fixed list imports — and the new product is found by the
site search at once (the database backend; Elasticsearch too when ELASTICSEARCH_URL is set)."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from oscar.core.loading import get_model

from shop.groups import TRADE_PROMOTION, staff_groups_ensure
from tests.factories.lists import CERTIFIED, FORMER_NAME, HONEY, WITH_CERTIFICATE, xlsx_bytes

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "pw-123456789"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NEW_TEA = {**CERTIFIED, "name_vi": "Trà hoa vàng Ba Chẽ"}


@pytest.fixture(params=["database", "elasticsearch"])
def search_backend(request, settings):
    """The site's search as configured: the database, or Elasticsearch behind an alias of this
    test's own (skipped without ELASTICSEARCH_URL, failed in CI: REQUIRE_SERVICES=1)."""
    if request.param == "database":
        yield "database"
        return
    url = request.getfixturevalue("elasticsearch_url")
    from search.backends.elasticsearch import es_client
    from search.indexing import index_rebuild

    alias = f"test-import-{uuid.uuid4().hex[:10]}"
    settings.ELASTICSEARCH_URL, settings.ELASTICSEARCH_INDEX = url, alias
    index_rebuild(alias=alias)
    yield "elasticsearch"
    client = es_client(url)
    client.indices.delete(index=",".join(client.indices.get(index=f"{alias}*")))


def staff_member() -> None:
    staff_groups_ensure()
    user = get_user_model().objects.create_user("xuc-tien", "xuc-tien@example.vn", PASSWORD)
    user.groups.add(Group.objects.get(name=TRADE_PROMOTION))


def upload(page, content: bytes) -> None:
    page.set_input_files(
        "input[name=file]", files=[{"name": "quyet-dinh-ocop.xlsx", "mimeType": XLSX, "buffer": content}]
    )
    page.get_by_role("button", name="Kiểm tra danh sách").click()
    page.locator("[data-import-report]").wait_for()


def test_staff_import_a_provincial_list_fix_a_bad_row_and_the_product_is_found(page, search_backend):
    staff_member()
    page.goto("/cms/login/")
    page.fill("input[name=username]", "xuc-tien")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: url.rstrip("/").endswith("/cms"))
    page.get_by_role("link", name="Nhập danh sách OCOP").click()
    page.wait_for_url("**/cms/ocop-import/")

    # The list has a 5★ product scored 78 points: the report shows that row, nothing is written.
    bad = {**FORMER_NAME, "score": "78"}
    upload(page, xlsx_bytes([HONEY, bad, NEW_TEA], WITH_CERTIFICATE))

    report = page.locator("[data-import-report]")
    error = report.locator("tr[data-outcome=error]")
    assert error.count() == 1
    assert error.get_attribute("data-row") == "3"
    assert "score" in error.inner_text() and "90–100" in error.inner_text()
    assert report.locator("tr[data-outcome=create]").count() == 2
    assert page.get_by_role("button", name="Nhập danh sách này").count() == 0
    assert (Product.objects.count(), Partner.objects.count()) == (0, 0)

    # The fixed list: every row will be created; confirm.
    upload(page, xlsx_bytes([HONEY, {**bad, "score": "93"}, NEW_TEA], WITH_CERTIFICATE))
    assert page.locator("[data-import-report] tr[data-outcome=create]").count() == 3
    page.get_by_role("button", name="Nhập danh sách này").click()
    page.get_by_text("Đã nhập danh sách: tạo mới 3 sản phẩm").wait_for()
    assert Product.objects.get(title=NEW_TEA["name_vi"]).score == 78

    # A visitor finds the new product through the header search box, accents optional.
    page.context.clear_cookies()
    page.goto("/")
    page.fill("#site-search-q", "tra hoa vang ba che")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search/?q=tra+hoa+vang+ba+che")
    result = page.get_by_role("link", name=NEW_TEA["name_vi"]).first
    for _attempt in range(5):  # Elasticsearch shows new documents after its refresh interval (1 s)
        if result.count():
            break
        page.wait_for_timeout(500)
        page.reload()
    result.wait_for()
    if search_backend == "elasticsearch":  # and it came from the index, not the database fallback
        from search.backends.base import SearchQuery
        from search.backends.elasticsearch import ElasticsearchBackend

        hits = ElasticsearchBackend().search(SearchQuery(text="tra hoa vang ba che")).hits
        assert [hit.title for hit in hits] == [NEW_TEA["name_vi"]]
