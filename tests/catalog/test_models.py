"""OCOP product rules: certificate validity, star bands, badge, search text; Vietnamese text helpers."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from oscar.core.loading import get_model

from catalog.utils import fold, slugify
from tests.factories import PartnerFactory, ProductFactory, province

Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 8, 1)


@pytest.mark.parametrize(
    ("certified_on", "expected"),
    [
        (datetime.date(2023, 5, 10), datetime.date(2026, 5, 10)),
        (datetime.date(2024, 2, 29), datetime.date(2027, 2, 28)),
        (datetime.date(2022, 12, 31), datetime.date(2025, 12, 31)),
    ],
)
def test_expiry_defaults_to_36_months_after_issue(certified_on, expected):
    product = ProductFactory(certified_on=certified_on, expires_on=None)

    product.refresh_from_db()
    assert product.expires_on == expected


def test_explicit_expiry_is_kept():
    product = ProductFactory(certified_on=datetime.date(2023, 5, 10), expires_on=datetime.date(2024, 1, 1))

    product.refresh_from_db()
    assert product.expires_on == datetime.date(2024, 1, 1)


def test_product_without_issue_date_has_no_expiry():
    product = ProductFactory(certified_on=None, expires_on=None)

    product.refresh_from_db()
    assert product.expires_on is None


@pytest.mark.parametrize(
    ("expires_on", "status"),
    [
        (TODAY + datetime.timedelta(days=91), "valid"),
        (TODAY + datetime.timedelta(days=90), "expiring"),
        (TODAY + datetime.timedelta(days=1), "expiring"),
        (TODAY, "expiring"),
        (TODAY - datetime.timedelta(days=1), "expired"),
        (None, "unknown"),
    ],
)
def test_certificate_status_at_the_boundaries(expires_on, status):
    product = ProductFactory(certified_on=None, expires_on=expires_on)

    assert product.certificate_status_on(TODAY) == status


@pytest.mark.parametrize("status", ["valid", "expiring", "expired", "unknown"])
def test_certificate_status_filter_agrees_with_the_property(status):
    for days in (-400, -1, 0, 1, 90, 91, 400):
        ProductFactory(certified_on=None, expires_on=TODAY + datetime.timedelta(days=days))
    ProductFactory(certified_on=None, expires_on=None)

    filtered = set(Product.objects.with_certificate_status(status, today=TODAY).values_list("pk", flat=True))

    expected = {p.pk for p in Product.objects.all() if p.certificate_status_on(TODAY) == status}
    assert filtered == expected
    assert len(filtered) == {"valid": 2, "expiring": 3, "expired": 2, "unknown": 1}[status]


def test_certificate_status_property_uses_the_local_date():
    product = ProductFactory(certified_on=datetime.date(2020, 1, 1))

    assert product.expires_on == datetime.date(2023, 1, 1)
    assert product.certificate_status == "expired"
    with translation.override("en"):
        assert str(product.get_certificate_status_display()) == "Expired"


@pytest.mark.parametrize("stars", [0, 1, 2, 6])
def test_stars_outside_3_to_5_are_rejected_by_the_database(stars):
    product = ProductFactory(stars=4)

    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(stars=stars)

    product.refresh_from_db()
    assert product.stars == 4


def test_score_above_100_is_rejected_by_the_database():
    product = ProductFactory(stars=5, score=95)

    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(score=101)

    product.refresh_from_db()
    assert product.score == 95


@pytest.mark.parametrize(
    ("stars", "score"),
    [(3, 49), (3, 70), (4, 69), (4, 90), (5, 89)],
)
def test_score_outside_the_star_band_fails_validation(stars, score):
    product = ProductFactory(stars=stars, score=None)
    product.score = score

    with pytest.raises(ValidationError) as error, translation.override("en"):
        product.full_clean()

    low, high = Product.STAR_BANDS[stars]
    assert error.value.message_dict == {"score": [f"A {stars}★ product scores {low}–{high} points."]}


@pytest.mark.parametrize(("stars", "score"), [(3, 50), (3, 69), (4, 70), (4, 89), (5, 90), (5, 100)])
def test_score_inside_the_star_band_passes_validation(stars, score):
    product = ProductFactory(stars=stars, score=score)

    product.full_clean()


def test_expiry_on_or_before_issue_date_fails_validation():
    product = ProductFactory(certified_on=datetime.date(2024, 1, 1), expires_on=datetime.date(2024, 1, 1))

    with pytest.raises(ValidationError) as error:
        product.full_clean()

    assert "expires_on" in error.value.message_dict


@pytest.mark.parametrize(
    ("stars", "expires_in_days", "shows"),
    [
        (4, 400, True),
        (3, 30, True),
        (5, 0, True),
        (4, -1, False),
        (None, 400, False),
    ],
)
def test_badge_shows_only_for_a_rated_product_with_an_unexpired_certificate(stars, expires_in_days, shows):
    expires_on = timezone.localdate() + datetime.timedelta(days=expires_in_days)
    product = ProductFactory(stars=stars, certified_on=None, expires_on=expires_on)

    assert product.shows_badge is shows


def test_badge_shows_for_a_rated_product_with_no_published_expiry():
    product = ProductFactory(stars=4, certified_on=None, expires_on=None)

    assert product.shows_badge is True


def test_search_text_holds_folded_title_producer_and_former_province_names():
    producer = PartnerFactory(name="Hợp tác xã Chè Đồng Hỷ")
    product = ProductFactory(title="Chè Thái Nguyên", producer=producer, province=province("15"))

    product.refresh_from_db()
    assert product.search_text == " che thai nguyen hop tac xa che dong hy lao cai yen bai "


def test_search_text_without_producer_or_province_is_the_folded_title():
    product = ProductFactory(title="Mật ong Bạc Hà", producer=None, province=None)

    assert product.search_text == " mat ong bac ha "


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Đà Lạt", "da-lat"),
        ("Chè Thái Nguyên", "che-thai-nguyen"),
        ("Nước mắm Phú Quốc 40 độ đạm", "nuoc-mam-phu-quoc-40-do-dam"),
        ("TP. Hồ Chí Minh", "tp-ho-chi-minh"),
    ],
)
def test_slugify_turns_vietnamese_into_readable_ascii(text, slug):
    assert slugify(text) == slug


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Chè Thái Nguyên", "che thai nguyen"),
        ("CHÈ THÁI NGUYÊN", "che thai nguyen"),
        ("Đặc sản Đồng Tháp", "dac san dong thap"),
        ("đường", "duong"),
        ("  Bánh   tráng\tTrảng Bàng ", "banh trang trang bang"),
        ("Ổi, ưu, ợ", "oi, uu, o"),
    ],
)
def test_fold_strips_tones_and_diacritics_and_maps_d_with_stroke(text, folded):
    assert fold(text) == folded


def test_product_slug_is_readable_ascii():
    product = ProductFactory(title="Gạo ST25 Sóc Trăng")

    assert product.slug == "gao-st25-soc-trang"
