"""Synthetic display points: near each provincial centre, created once, stocking that province's products."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation
from oscar.core.loading import get_model

from catalog.importers.base import DataImportError
from catalog.importers.synthetic import catalog_generate
from search.backends.base import GeoPoint, SearchQuery
from search.backends.database import DatabaseBackend
from search.backends.db_geo import haversine_km
from shop.displays.synthetic import display_points_generate, province_centres
from tests.factories import province

DisplayPoint = apps.get_model("displays", "DisplayPoint")
Product = get_model("catalogue", "Product")
Province = get_model("catalogue", "Province")

pytestmark = pytest.mark.django_db


def generate(products: int) -> str:
    out = io.StringIO()
    call_command("ocop_generate_catalog", "--products", str(products), "--no-images", stdout=out, verbosity=0)
    return out.getvalue()


def synthetic_products(province_id: int):
    return Product.objects.filter(province_id=province_id, upc__startswith="SYN-")


def synthetic_points():
    return DisplayPoint.objects.filter(slug__startswith="syn-").prefetch_related("products")


def test_every_province_has_a_centre_in_the_csv():
    centres = province_centres()

    assert set(centres) == set(Province.objects.values_list("code", flat=True))
    assert centres["01"] == ("Hà Nội", 21.03, 105.85)
    assert centres["79"] == ("TP. Hồ Chí Minh", 10.78, 106.7)


def test_a_bad_centre_row_names_its_row_and_field(tmp_path):
    path = tmp_path / "centres.csv"
    path.write_text("code,centre,latitude,longitude\n01,Hà Nội,21.03,105.85\n99,Nowhere,1,2\n01,X,abc,1\n")

    with translation.override("en"), pytest.raises(DataImportError) as raised:
        province_centres(path)

    assert [str(error) for error in raised.value.errors] == [
        'centres.csv: row 3, field "code": no province has this code',
        'centres.csv: row 4, field "latitude": not a number',
    ]


def test_a_damaged_centres_file_is_refused_as_every_list_is(tmp_path):
    path = tmp_path / "centres.csv"
    path.write_bytes("code,centre,latitude,longitude,zoom\n01,Hà\x00Nội,21.03,105.85,\n".encode())

    with translation.override("en"), pytest.raises(DataImportError) as raised:
        province_centres(path)

    assert [str(error) for error in raised.value.errors] == [
        'centres.csv: row 1, field "zoom": unknown column; the columns are: code, centre, latitude, '
        "longitude, province",
        'centres.csv: row 2, field "centre": contains a NUL character: the file is damaged or not text',
    ]


def test_generate_catalog_adds_three_simulated_points_per_province_near_its_centre():
    output = generate(68)

    points = list(synthetic_points().select_related("province"))
    centres = province_centres()
    assert len(points) == 34 * 3
    assert "synthetic display points: 102 created" in output
    for point in points:
        assert point.name.startswith("Điểm bán OCOP (mô phỏng) ")
        assert "mô phỏng" in point.source
        _centre, lat, lon = centres[point.province.code]
        km = haversine_km(GeoPoint(lat, lon), GeoPoint(float(point.latitude), float(point.longitude)))
        assert km <= 20.01
        # Every synthetic product of its province: there are fewer than 300.
        assert set(point.products.all()) == set(synthetic_products(point.province_id))


def test_a_rerun_keeps_the_points_and_tops_up_their_stock():
    generate(34)
    before = sorted(synthetic_points().values_list("slug", "latitude", "longitude"))

    generate(68)

    assert sorted(synthetic_points().values_list("slug", "latitude", "longitude")) == before
    for point in synthetic_points():
        assert set(point.products.all()) == set(synthetic_products(point.province_id))


def test_stock_stops_at_the_size_asked_and_is_the_same_for_the_same_catalogue():
    catalog_generate(count=34 * 4, seed=1, images=False)

    display_points_generate(seed=1, stock=2)
    first = {p.slug: sorted(p.products.values_list("upc", flat=True)) for p in synthetic_points()}
    DisplayPoint.objects.filter(slug__startswith="syn-").delete()
    display_points_generate(seed=1, stock=2)

    assert {p.slug: sorted(p.products.values_list("upc", flat=True)) for p in synthetic_points()} == first
    assert max(len(upcs) for upcs in first.values()) == 2


def test_near_me_from_a_provincial_centre_finds_that_provinces_synthetic_products():
    generate(68)
    hanoi = set(synthetic_products(province("01").pk).values_list("pk", flat=True))

    results = DatabaseBackend().search(SearchQuery(near=GeoPoint(21.03, 105.85), radius_km=25, page_size=100))

    # Hà Nội's points are within 20 km of its centre; a neighbour's may be within 25 km too.
    assert hanoi <= {p.pk for p in results.hits}
    assert set(results.distances) == {p.pk for p in results.hits}
    assert all(0 <= km <= 25 for km in results.distances.values())
