"""CSV downloads: one per table, UTF-8 with a byte order mark, the page's numbers."""

from __future__ import annotations

import csv
import io

import pytest

pytestmark = pytest.mark.django_db


def download(client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel reads Vietnamese only with the BOM
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_stars_csv_of_a_province_parses_back_to_the_figures(client, catalogue):
    rows = download(client, "/thong-ke/lao-cai/stars.csv")

    assert rows == [
        ["Mã", "Hạng sao", "Sản phẩm"],
        ["5", "5 sao", "1"],
        ["4", "4 sao", "1"],
        ["3", "3 sao", "2"],
        ["3+", "Từ 3 sao trở lên", "4"],
        ["unrated", "Chưa công bố số sao", "2"],
        ["all", "Tất cả sản phẩm", "6"],
    ]


def test_producers_csv_has_producers_and_products_by_type(client, catalogue):
    rows = download(client, "/thong-ke/lao-cai/producers.csv")

    assert rows[0] == ["Mã", "Loại hình chủ thể", "Chủ thể OCOP", "Sản phẩm"]
    assert [(row[0], int(row[2]), int(row[3])) for row in rows[1:]] == [
        ("cooperative", 2, 3),
        ("enterprise", 1, 1),
        ("household", 1, 2),
        ("cooperative_group", 0, 0),
        ("all", 4, 6),
    ]


def test_national_provinces_csv_has_the_34_provinces(client, catalogue):
    rows = download(client, "/thong-ke/provinces.csv")

    by_code = {row[0]: row for row in rows[1:]}
    assert len(by_code) == 34
    assert by_code["15"] == ["15", "Lào Cai", "6", "4", "4", "2"]
    assert by_code["04"] == ["04", "Cao Bằng", "0", "0", "0", "0"]


@pytest.mark.parametrize("table", ["summary", "stars", "sectors", "producers", "certificates"])
@pytest.mark.parametrize("page", ["/thong-ke/", "/thong-ke/lao-cai/"])
def test_every_table_of_the_page_downloads_with_the_page_numbers(client, catalogue, page, table):
    html = client.get(page).content.decode()
    rows = download(client, f"{page}{table}.csv")

    assert f'href="{page}{table}.csv"' in html
    assert len(rows) > 1
    assert all(value.isdigit() for row in rows[1:] for value in row[2:])


def test_the_summary_csv_matches_the_report(client, catalogue):
    rows = download(client, "/thong-ke/lao-cai/summary.csv")

    assert {row[0]: int(row[2]) for row in rows[1:]} == {
        "products": 6,
        "rated": 4,
        "producers": 4,
        "display_points": 2,
        "expiring": 1,
        "expired": 1,
    }


def test_a_province_page_has_no_provinces_table_and_an_unknown_table_is_not_found(client, catalogue):
    assert client.get("/thong-ke/lao-cai/provinces.csv").status_code == 404
    assert client.get("/thong-ke/nothing.csv").status_code == 404
