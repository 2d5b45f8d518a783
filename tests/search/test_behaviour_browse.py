"""Search behaviour on both backends (see test_behaviour): sorting, pages, "near me", suggestions."""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from search.backends.base import GeoPoint, Suggestion
from tests.factories import DisplayPointFactory, ProductFactory, province, sellable_product

from .helpers import counts, search, titles

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- sorting and pages


@pytest.fixture
def priced(backend):
    """Five products created on different days (day 0 oldest)."""
    rows = [
        ("Bánh đậu xanh", 45000, 3, 1),
        ("Sâm Ngọc Linh", 2500000, 5, 0),
        ("Cà phê Buôn Ma Thuột", 180000, 4, 3),
        ("Chưa có giá", None, 3, 4),
        ("Chưa xếp hạng", 90000, None, 2),
    ]
    start = timezone.now() - datetime.timedelta(days=10)
    for title, price, stars, day in rows:
        product = (
            sellable_product(title=title, price=price, stars=stars) if price else ProductFactory(title=title)
        )
        Product.objects.filter(pk=product.pk).update(
            stars=stars, date_created=start + datetime.timedelta(days=day)
        )
    backend.refresh()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        # relevance without text: most stars first (unrated last), then newest
        (
            "relevance",
            ["Sâm Ngọc Linh", "Cà phê Buôn Ma Thuột", "Chưa có giá", "Bánh đậu xanh", "Chưa xếp hạng"],
        ),
        (
            "price_asc",
            ["Bánh đậu xanh", "Chưa xếp hạng", "Cà phê Buôn Ma Thuột", "Sâm Ngọc Linh", "Chưa có giá"],
        ),
        (
            "price_desc",
            ["Sâm Ngọc Linh", "Cà phê Buôn Ma Thuột", "Chưa xếp hạng", "Bánh đậu xanh", "Chưa có giá"],
        ),
        ("stars", ["Sâm Ngọc Linh", "Cà phê Buôn Ma Thuột", "Bánh đậu xanh", "Chưa có giá", "Chưa xếp hạng"]),
        (
            "newest",
            ["Chưa có giá", "Cà phê Buôn Ma Thuột", "Chưa xếp hạng", "Bánh đậu xanh", "Sâm Ngọc Linh"],
        ),
    ],
)
def test_sorts(backend, priced, sort, expected):
    assert titles(search(backend, sort=sort)) == expected


def test_pages_split_the_results_and_keep_total_and_counts(backend):
    for n in range(7):
        ProductFactory(title=f"Sản phẩm {n}", stars=4)
    backend.refresh()

    pages = [search(backend, sort="newest", page=page, page_size=3) for page in (1, 2, 3)]

    assert [len(page.hits) for page in pages] == [3, 3, 1]
    assert {(page.total, page.num_pages) for page in pages} == {(7, 3)}
    assert [title for page in pages for title in titles(page)] == [f"Sản phẩm {n}" for n in range(6, -1, -1)]
    assert counts(pages[2], "stars") == {"4": 7}


def test_a_page_past_the_end_is_empty_but_keeps_the_total(backend):
    ProductFactory()
    ProductFactory()
    backend.refresh()

    results = search(backend, page=5, page_size=3)

    assert (results.hits, results.total, results.num_pages) == ([], 2, 1)


# ---------------------------------------------------------------- expired certificates rank last


@pytest.fixture
def lapsed(backend):
    """Honey of every kind: the best-rated, cheapest, newest and best-matching ones have expired."""
    today = timezone.localdate()
    rows = [
        # title, price, stars, expires in days (None: no certificate), created days ago
        ("Mật ong bạc hà", 50000, 5, -1, 0),
        ("Mật ong rừng", 300000, 3, 400, 3),
        ("Mật ong hoa nhãn", 200000, 4, 0, 2),  # expires today: still valid today
        ("Mật ong hoa cà phê", 100000, None, None, 1),
        ("Mật ong", 20000, 5, -400, 4),  # the exact title match, long expired
    ]
    for title, price, stars, days, age in rows:
        product = sellable_product(title=title, price=price, stars=stars, certified_on=None)
        Product.objects.filter(pk=product.pk).update(
            expires_on=None if days is None else today + datetime.timedelta(days=days),
            date_created=timezone.now() - datetime.timedelta(days=age),
        )
    backend.refresh()


LAPSED = ["Mật ong bạc hà", "Mật ong"]


@pytest.mark.parametrize(
    ("sort", "text", "expected"),
    [
        ("relevance", "", ["Mật ong hoa nhãn", "Mật ong rừng", "Mật ong hoa cà phê"]),
        ("stars", "", ["Mật ong hoa nhãn", "Mật ong rừng", "Mật ong hoa cà phê"]),
        ("price_asc", "", ["Mật ong hoa cà phê", "Mật ong hoa nhãn", "Mật ong rừng"]),
        ("price_desc", "", ["Mật ong rừng", "Mật ong hoa nhãn", "Mật ong hoa cà phê"]),
        ("newest", "", ["Mật ong hoa cà phê", "Mật ong hoa nhãn", "Mật ong rừng"]),
        ("newest", "ong", ["Mật ong hoa cà phê", "Mật ong hoa nhãn", "Mật ong rừng"]),
    ],
)
def test_expired_certificates_rank_after_the_others_in_every_sort(backend, lapsed, sort, text, expected):
    ranked = titles(search(backend, sort=sort, text=text))

    assert ranked[:3] == expected
    assert set(ranked[3:]) == set(LAPSED)


def test_expired_certificates_keep_their_own_order_after_the_others(backend, lapsed):
    assert titles(search(backend, sort="price_asc"))[3:] == ["Mật ong", "Mật ong bạc hà"]
    assert titles(search(backend, sort="newest", page=2, page_size=3)) == ["Mật ong bạc hà", "Mật ong"]


def test_an_exact_title_match_with_an_expired_certificate_comes_after_valid_matches(backend, lapsed):
    ranked = titles(search(backend, text="Mật ong"))

    # Among the valid ones the backends weigh text differently (BM25 or title contains the query).
    assert set(ranked[:3]) == {"Mật ong hoa nhãn", "Mật ong rừng", "Mật ong hoa cà phê"}
    assert set(ranked[3:]) == set(LAPSED)


# ---------------------------------------------------------------- near me

HOAN_KIEM = GeoPoint(21.0285, 105.8542)


def km(a: GeoPoint, lat: float, lon: float) -> float:
    """Great-circle distance on the mean Earth radius."""
    dlat, dlon = math.radians(lat - a.lat), math.radians(lon - a.lon)
    h = (
        math.sin(dlat / 2) ** 2
        + math.cos(math.radians(a.lat)) * math.cos(math.radians(lat)) * math.sin(dlon / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


@pytest.fixture
def stocked(backend):
    """Products stocked at display points ~5 km, ~30 km and ~1,140 km from Hoàn Kiếm lake."""
    near = ProductFactory(title="Ô mai Hàng Đường", stars=3)
    town = ProductFactory(title="Bánh phu thê Đình Bảng", stars=5)
    far = ProductFactory(title="Bánh tráng Trảng Bàng", stars=4)
    unlocated = ProductFactory(title="Nón lá làng Chuông", stars=4)
    ProductFactory(title="Không bày bán ở đâu", stars=4)
    DisplayPointFactory(latitude=Decimal("21.028511"), longitude=Decimal("105.804817"), products=[near])
    DisplayPointFactory(latitude=Decimal("21.186000"), longitude=Decimal("106.076000"), products=[town])
    DisplayPointFactory(
        province=province("79"),
        latitude=Decimal("10.776000"),
        longitude=Decimal("106.700000"),
        products=[near, far],
    )
    DisplayPointFactory(latitude=None, longitude=None, products=[unlocated])
    backend.refresh()
    return {
        "Ô mai Hàng Đường": km(HOAN_KIEM, 21.028511, 105.804817),
        "Bánh phu thê Đình Bảng": km(HOAN_KIEM, 21.186, 106.076),
        "Bánh tráng Trảng Bàng": km(HOAN_KIEM, 10.776, 106.7),
    }


def distances_by_title(results) -> dict[str, float]:
    return {product.title: results.distances[product.pk] for product in results.hits}


def test_near_me_keeps_products_stocked_within_the_radius_nearest_first(backend, stocked):
    results = search(backend, near=HOAN_KIEM, radius_km=50, sort="distance")

    assert titles(results) == ["Ô mai Hàng Đường", "Bánh phu thê Đình Bảng"]
    assert results.total == 2
    # The lake is ~5 km from the nearer of the two points stocking the ô mai.
    assert distances_by_title(results) == pytest.approx({t: stocked[t] for t in titles(results)}, rel=0.01)
    assert counts(results, "stars") == {"5": 1, "3": 1}


def test_a_wider_radius_reaches_further_points(backend, stocked):
    results = search(backend, near=HOAN_KIEM, radius_km=2000, sort="distance")

    assert titles(results) == ["Ô mai Hàng Đường", "Bánh phu thê Đình Bảng", "Bánh tráng Trảng Bàng"]
    assert distances_by_title(results) == pytest.approx(stocked, rel=0.01)


def test_near_me_fills_distances_in_any_sort(backend, stocked):
    results = search(backend, near=HOAN_KIEM, radius_km=50, sort="stars")

    assert titles(results) == ["Bánh phu thê Đình Bảng", "Ô mai Hàng Đường"]
    assert distances_by_title(results) == pytest.approx({t: stocked[t] for t in titles(results)}, rel=0.01)


def test_nothing_is_near_within_a_tiny_radius(backend, stocked):
    results = search(backend, near=HOAN_KIEM, radius_km=1)

    assert (results.total, results.hits, results.distances) == (0, [], {})


def test_without_near_there_are_no_distances(backend, stocked):
    assert search(backend).distances == {}


# ---------------------------------------------------------------- suggestions


@pytest.mark.parametrize("text", ["mat ong h", "MẬT ONG H", "Mật ong h"])
def test_suggests_product_titles_by_prefix_whatever_the_accents(backend, shelf, text):
    honey = shelf["honey"]

    assert Suggestion("Mật ong hoa nhãn", "product", honey.get_absolute_url()) in backend.suggest(text)


def test_suggests_producer_names(backend, shelf):
    household = shelf["basket"].producer

    assert Suggestion("Hộ kinh doanh Bà Tư", "producer", household.get_absolute_url()) in backend.suggest(
        "ho kinh"
    )


@pytest.mark.parametrize("text", ["lao c", "Lào Cai", "yen b", "Yên Bái"])
def test_suggests_provinces_by_current_and_former_name(backend, shelf, text):
    lao_cai = province("15").get_absolute_url()

    suggestions = backend.suggest(text)

    assert ("province", lao_cai) in [(s.kind, s.url) for s in suggestions]


def test_suggestions_stop_at_the_limit(backend, shelf):
    assert len(backend.suggest("h", limit=2)) == 2


@pytest.mark.parametrize("text", ["xyzq", "", "   "])
def test_no_suggestion_for_unknown_or_empty_text(backend, shelf, text):
    assert backend.suggest(text) == []
