"""The statistics pages: titles, tables whose figures link to the matching lists, SVG charts,
the province switcher, language, and a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .helpers import page_tables, query_of, svg_charts

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
# Cold cache: provinces, the product aggregate, sectors and their counts, producers, display
# points (+ one grouped query by province on the national page) and the header's sector menu.
COLD_QUERIES = 8
WARM_QUERIES = 1  # the header's sector menu: every figure comes from the cache


def test_province_page_title_breadcrumbs_and_report_sentence(client, catalogue):
    response = client.get("/thong-ke/lao-cai/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<title>Thống kê OCOP — Lào Cai | Chợ OCOP</title>" in html
    assert "<h1>Thống kê OCOP — Lào Cai</h1>" in html
    assert '<a href="/thong-ke/">Thống kê OCOP</a>' in html
    assert '<li class="breadcrumb-item active" aria-current="page">Lào Cai</li>' in html
    assert (
        "4 sản phẩm đạt từ 3 sao trở lên: 1 sản phẩm 5 sao, 1 sản phẩm 4 sao và 2 sản phẩm 3 sao, "
        "của 4 chủ thể — 2 hợp tác xã, 1 doanh nghiệp và 1 hộ kinh doanh; "
        "2 điểm giới thiệu và bán sản phẩm OCOP."
    ) in html
    assert "Ngoài ra có 2 sản phẩm chưa công bố số sao." in html


def test_national_page_is_titled_for_the_whole_country(client, catalogue):
    html = client.get("/thong-ke/").content.decode()

    assert "<h1>Thống kê OCOP — Toàn quốc</h1>" in html
    assert '<li class="breadcrumb-item active" aria-current="page">Thống kê OCOP</li>' in html


def test_every_figure_links_to_the_list_with_the_matching_filters(client, catalogue):
    tables = page_tables(client.get("/thong-ke/lao-cai/").content.decode())

    stars = tables["Sản phẩm theo số sao OCOP"]
    assert stars["4 sao"][0][0] == "1"
    assert query_of(stars["4 sao"][0][1]) == {"path": ["/catalogue/"], "stars": ["4"], "province": ["15"]}
    assert stars["Từ 3 sao trở lên"][0][0] == "4"
    assert query_of(stars["Từ 3 sao trở lên"][0][1])["stars"] == ["3", "4", "5"]
    assert stars["Chưa công bố số sao"][0] == ("2", "")  # the list has no "unrated" filter

    producers = tables["Chủ thể OCOP của các sản phẩm được liệt kê, theo loại hình, và sản phẩm của họ"]
    assert [text for text, _href in producers["Hộ kinh doanh"]] == ["1", "2"]
    assert query_of(producers["Hộ kinh doanh"][1][1]) == {
        "path": ["/catalogue/"],
        "producer_type": ["household"],
        "province": ["15"],
    }

    sectors = next(rows for caption, rows in tables.items() if caption.startswith("Sản phẩm theo ngành"))
    food = next(cells for label, cells in sectors.items() if label.startswith("I. "))
    assert food[0][0] == "4"
    assert query_of(food[0][1]) == {"path": ["/catalogue/"], "category": ["thuc-pham"], "province": ["15"]}

    certificates = next(
        rows for caption, rows in tables.items() if caption.startswith("Sản phẩm theo hiệu lực")
    )
    assert certificates["Giấy chứng nhận sắp hết hạn trong 90 ngày"][0][0] == "1"
    assert query_of(certificates["Giấy chứng nhận hết hạn"][0][1])["status"] == ["expired"]


def test_the_linked_lists_show_the_same_numbers(client, catalogue):
    tables = page_tables(client.get("/thong-ke/lao-cai/").content.decode())
    checked = 0
    for caption, rows in tables.items():
        for cells in rows.values():
            if caption.startswith("Chủ thể OCOP"):
                cells = cells[1:]  # a number of producers leads to their products
            for text, href in cells:
                if href.startswith("/catalogue/?"):
                    listing = client.get(href + "&page_size=48")
                    assert listing.context["results"].total == int(text), href
                    checked += 1
    assert checked >= 15


def test_display_points_link_to_the_province_page_list(client, catalogue):
    html = client.get("/thong-ke/lao-cai/").content.decode()

    assert (
        '<a href="/catalogue/provinces/lao-cai/#province-points"><span class="stat-card__value">2</span>'
        in html
    )
    assert 'id="province-points"' in client.get("/catalogue/provinces/lao-cai/").content.decode()


def test_national_table_has_a_row_per_province_linking_its_page(client, catalogue):
    tables = page_tables(client.get("/thong-ke/").content.decode())

    provinces = tables["34 tỉnh, thành phố"]
    assert len(provinces) == 34
    assert [text for text, _href in provinces["Lào Cai"]] == ["6", "4", "4", "2"]
    assert query_of(provinces["Lào Cai"][1][1])["province"] == ["15"]
    assert '<a href="/thong-ke/lao-cai/">Lào Cai</a>' in client.get("/thong-ke/").content.decode()


def test_charts_are_well_formed_svg_images_with_a_title_and_one_bar_per_figure(client, catalogue):
    charts = svg_charts(client.get("/thong-ke/").content.decode())

    assert len(charts) == 5  # stars, sectors, producers, certificates, provinces
    stars = charts[0]
    assert stars.get("role") == "img"
    assert stars.find(f"{SVG}title").text == "Sản phẩm theo số sao OCOP"
    bars = stars.findall(f"{SVG}g/{SVG}rect")
    assert [float(bar.get("width").rstrip("%")) for bar in bars] == [40.0, 80.0, 80.0, 80.0]
    assert [g.find(f"{SVG}title").text for g in stars.findall(f"{SVG}g")][:2] == ["5 sao: 1", "4 sao: 2"]
    assert len(charts[4].findall(f"{SVG}g")) == 34


def test_tables_have_captions_and_scoped_headers(client, catalogue):
    html = client.get("/thong-ke/lao-cai/").content.decode()

    assert html.count("<caption>") == 4
    assert '<th scope="col">Hạng sao</th>' in html
    assert '<th scope="row">' in html


@pytest.mark.parametrize("path", ["/thong-ke/khong-co-tinh-nay/", "/thong-ke/khong-co-tinh-nay/stars.csv"])
def test_unknown_province_is_not_found(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(("chosen", "location"), [("lao-cai", "/thong-ke/lao-cai/"), ("", "/thong-ke/")])
def test_province_switcher_goes_to_the_chosen_page(client, chosen, location):
    response = client.get("/thong-ke/", {"province": chosen})

    assert response.status_code == 302
    assert response["Location"] == location


def test_province_switcher_lists_the_34_provinces(client):
    html = client.get("/thong-ke/").content.decode()

    assert html.count('<option value="') == 35  # the whole country, then each province
    assert '<option value="lao-cai">Lào Cai</option>' in html


def test_site_navigation_links_to_the_statistics(client):
    html = client.get("/catalogue/").content.decode()

    assert html.count('href="/thong-ke/"') == 2  # header and footer


def test_english_page_when_english_is_chosen(client, catalogue):
    client.post("/i18n/setlang/", {"language": "en", "next": "/thong-ke/lao-cai/"})

    response = client.get("/thong-ke/lao-cai/")
    html = response.content.decode()

    assert response.headers["Content-Language"] == "en"
    assert "<h1>OCOP statistics — Lào Cai</h1>" in html
    assert (
        "4 products of 3 stars or more: 1 of 5 stars, 1 of 4 stars and 2 of 3 stars, from 4 producers — "
        "2 cooperatives, 1 enterprise and 1 household business; 2 display points."
    ) in html
    assert "I. Food" in html


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("url", ["/thong-ke/", "/thong-ke/lao-cai/", "/thong-ke/cao-bang/"])
def test_a_page_takes_a_fixed_number_of_queries_cold_and_fewer_warm(
    client, catalogue, url, django_assert_max_num_queries
):
    with django_assert_max_num_queries(COLD_QUERIES):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(WARM_QUERIES):
        assert client.get(url).status_code == 200


def test_query_count_does_not_grow_with_the_catalogue(client, catalogue):
    from tests.factories import ProductFactory, province

    before = {url: queries_for(client, url) for url in ("/thong-ke/", "/thong-ke/lao-cai/")}
    ProductFactory.create_batch(5, province=province("15"), stars=5)
    from django.core.cache import cache

    cache.clear()
    after = {url: queries_for(client, url) for url in ("/thong-ke/", "/thong-ke/lao-cai/")}

    assert after == before
