"""Importing a provincial OCOP list in the Wagtail admin: upload → dry-run report → confirm → import,
for Trade promotion staff only; all or nothing; a list is imported once."""

from __future__ import annotations

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from oscar.core.loading import get_model
from wagtail.users.models import UserProfile

from catalog.importers.uploads import UPLOAD_HOURS
from tests.factories import PartnerFactory, ProductFactory, category, province
from tests.factories.lists import CERTIFIED, FORMER_NAME, HONEY, WITH_CERTIFICATE, csv_bytes, xlsx_bytes

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductListUpload = get_model("catalogue", "ProductListUpload")

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/cms/ocop-import/"
CONFIRM_URL = "/cms/ocop-import/confirm/"


def signed_in(client, username: str, group: str | None = None, language: str = "en", **fields):
    """A user reading the admin in `language` (English for the assertions; Vietnamese is the default)."""
    user = get_user_model().objects.create_user(username, f"{username}@example.vn", "pw-123456789", **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def staff(client):
    return signed_in(client, "staff", "Trade promotion staff")


def upload(client, content: bytes, name: str = "quyet-dinh.xlsx"):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, content)})


def written() -> tuple[int, int, int]:
    return Product.objects.count(), Partner.objects.count(), ProductListUpload.objects.count()


def test_staff_upload_a_list_read_the_report_then_confirm_and_it_is_imported(staff):
    assert "/cms/ocop-import/" in staff.get("/cms/").content.decode()  # in the admin menu

    response = upload(staff, xlsx_bytes([HONEY, FORMER_NAME, CERTIFIED], WITH_CERTIFICATE))

    assert response.status_code == 200
    report = response.context["check"]
    assert [(row.row, row.outcome, row.new_producer) for row in report.rows] == [
        (2, "create", HONEY["producer"]),
        (3, "create", FORMER_NAME["producer"]),
        (4, "create", CERTIFIED["producer"]),
    ]
    assert response.context["counts"] == {"created": 3, "updated": 0, "unchanged": 0, "producers": 3}
    assert "will create" in response.content.decode()
    assert written() == (0, 0, 1)  # only the upload, waiting for the confirmation
    token = response.context["confirm"].initial["token"]

    confirmed = staff.post(CONFIRM_URL, {"token": token})

    assert confirmed.status_code == 302 and confirmed.url == UPLOAD_URL
    assert written() == (3, 3, 0)
    tea = Product.objects.get(title=CERTIFIED["name_vi"])
    assert (tea.decision_number, tea.score, tea.province) == ("1234/QĐ-UBND", 78, province("22"))
    page = staff.get(UPLOAD_URL).content.decode()
    assert "List imported: 3 products created, 0 updated, 0 unchanged; 3 new producers." in page


def test_a_list_uploaded_again_reports_every_row_unchanged(staff):
    content = csv_bytes([HONEY, CERTIFIED], WITH_CERTIFICATE)
    token = upload(staff, content, "list.csv").context["confirm"].initial["token"]
    staff.post(CONFIRM_URL, {"token": token})

    response = upload(staff, content, "list.csv")

    assert [row.outcome for row in response.context["check"].rows] == ["unchanged", "unchanged"]
    assert response.context["counts"]["unchanged"] == 2


def test_a_row_with_an_error_is_reported_with_its_column_and_nothing_is_kept(staff):
    bad = {**FORMER_NAME, "stars": "6"}

    response = upload(staff, xlsx_bytes([HONEY, bad]))

    rows = response.context["check"].rows
    assert [(row.row, row.outcome) for row in rows] == [(2, "create"), (3, "error")]
    assert [(e.field, e.message) for e in rows[1].errors] == [
        ("stars", "must be 3, 4 or 5, or empty when no rating is published (got “6”)")
    ]
    assert response.context["confirm"] is None
    html = response.content.decode()
    assert "Nothing can be imported: 1 problem." in html and 'action="/cms/ocop-import/confirm/"' not in html
    assert written() == (0, 0, 0)


def test_a_bad_file_is_reported_by_row_and_column(staff):
    columns = [c for c in WITH_CERTIFICATE if c != "subgroup"]

    response = upload(staff, csv_bytes([HONEY], columns), "list.csv")

    assert [(e.row, e.field, e.message) for e in response.context["file_errors"]] == [
        (1, "subgroup", "column is missing")
    ]
    assert "list.csv cannot be read" in response.content.decode()
    assert written() == (0, 0, 0)


def test_a_file_that_is_not_a_list_is_refused(staff):
    response = upload(staff, b"%PDF-1.7\n", "quyet-dinh.pdf")

    assert [e.message for e in response.context["file_errors"]] == [
        "is not a CSV or XLSX file (the name ends in “.pdf”)"
    ]
    assert written() == (0, 0, 0)


def test_a_confirmed_list_is_imported_once(staff):
    token = upload(staff, xlsx_bytes([HONEY])).context["confirm"].initial["token"]
    staff.post(CONFIRM_URL, {"token": token})

    again = staff.post(CONFIRM_URL, {"token": token}, follow=True)

    assert "This list was imported already, or its upload expired" in again.content.decode()
    assert written() == (1, 1, 0)


def test_nobody_else_can_confirm_an_upload(staff, client):
    token = upload(staff, xlsx_bytes([HONEY])).context["confirm"].initial["token"]
    other = signed_in(client, "other-staff", "Trade promotion staff")

    response = other.post(CONFIRM_URL, {"token": token})

    assert response.status_code == 302
    assert written() == (0, 0, 1)


def test_an_expired_upload_cannot_be_confirmed(staff):
    token = upload(staff, xlsx_bytes([HONEY])).context["confirm"].initial["token"]
    ProductListUpload.objects.update(
        uploaded_at=timezone.now() - datetime.timedelta(hours=UPLOAD_HOURS, minutes=1)
    )

    staff.post(CONFIRM_URL, {"token": token})

    assert Product.objects.count() == 0


def test_a_list_that_no_longer_fits_the_database_is_reported_again_and_nothing_is_written(staff):
    producer = PartnerFactory(name=CERTIFIED["producer"], province=province("22"))
    tea = ProductFactory(
        title=CERTIFIED["name_vi"],
        producer=producer,
        province=province("22"),
        stars=4,
        categories=[category("I.5.b")],
    )
    token = upload(staff, xlsx_bytes([{**CERTIFIED, "score": ""}], WITH_CERTIFICATE)).context["confirm"]
    Product.objects.filter(pk=tea.pk).update(stars=5, score=95)  # re-rated in the dashboard meanwhile
    before = list(Product.objects.values_list("pk", "date_updated", "stars", "score"))

    response = staff.post(CONFIRM_URL, {"token": token.initial["token"]})

    assert response.status_code == 200
    assert [(e.row, e.field) for e in response.context["check"].errors] == [(2, "stars")]
    assert list(Product.objects.values_list("pk", "date_updated", "stars", "score")) == before


def test_a_producer_cannot_reach_the_import_nor_confirm_one(client, staff):
    token = upload(staff, xlsx_bytes([HONEY])).context["confirm"].initial["token"]
    producer = signed_in(client, "producer", "Producers")

    page = producer.get(UPLOAD_URL)
    confirm = producer.post(CONFIRM_URL, {"token": token})
    sent = producer.post(UPLOAD_URL, {"file": SimpleUploadedFile("list.xlsx", xlsx_bytes([HONEY]))})

    assert (page.status_code, confirm.status_code, sent.status_code) == (302, 302, 302)
    assert page.url.startswith("/cms/login/")
    assert written() == (0, 0, 1)


def test_an_editor_without_the_import_permission_is_turned_away(client):
    editor = signed_in(client, "editor")
    editor_user = get_user_model().objects.get(username="editor")
    editor_user.user_permissions.add(Permission.objects.get(codename="access_admin"))

    response = editor.post(UPLOAD_URL, {"file": SimpleUploadedFile("list.xlsx", xlsx_bytes([HONEY]))})

    assert (response.status_code, response.url) == (302, "/cms/")
    assert "/cms/ocop-import/" not in editor.get("/cms/").content.decode()
    assert written() == (0, 0, 0)


def test_a_superuser_may_import(client):
    admin = signed_in(client, "admin", is_superuser=True, is_staff=True)

    token = upload(admin, xlsx_bytes([HONEY])).context["confirm"].initial["token"]
    admin.post(CONFIRM_URL, {"token": token})

    assert Product.objects.filter(title=HONEY["name_vi"]).exists()


def test_the_menu_item_the_page_and_the_errors_read_in_vietnamese(client):
    staff = signed_in(client, "nhan-vien", "Trade promotion staff", language="")

    home = staff.get("/cms/").content.decode()
    report = upload(staff, xlsx_bytes([{**HONEY, "stars": "6"}])).content.decode()

    assert json.dumps("Nhập danh sách OCOP") in home  # the sidebar menu, as JSON for Wagtail's script
    assert "Kiểm tra danh sách" in report
    assert "phải là 3, 4 hoặc 5" in report
