"""Certificate check by QR: `/xac-thuc/<code>/`, its QR images and the product page's link to it."""

from __future__ import annotations

import datetime
import io
import re
from urllib.parse import urlsplit

import pytest
import zxingcpp
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image

from catalog import verification
from catalog.importers.demo import product_upc
from tests.factories import PartnerFactory, ProductFactory, sellable_product

pytestmark = pytest.mark.django_db

CertificateClaim = get_model("catalogue", "CertificateClaim")
Partner = get_model("partner", "Partner")


def status_of(html: str) -> str:
    return re.search(r'id="verification-status"[^>]*data-status="([a-z-]+)"', html).group(1)


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def tea():
    producer = PartnerFactory(name="HTX Chè Tân Cương")
    return sellable_product(
        title="Chè búp Tân Cương",
        upc=product_upc("OCOP", "Chè búp Tân Cương", "HTX Chè Tân Cương", "19"),
        producer=producer,
        stars=4,
        score=78,
        certificate_number="12/GCN-UBND",
        decision_number="1234/QĐ-UBND",
        certified_on=days(-365),
    )


def test_the_page_shows_the_certificate_the_producer_and_a_link_to_buy(client, tea):
    response = client.get(f"/xac-thuc/{tea.upc}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert status_of(html) == "valid"
    for text in ("Chè búp Tân Cương", "HTX Chè Tân Cương", tea.province.name, "78/100"):
        assert text in html
    assert "12/GCN-UBND" in html and "1234/QĐ-UBND" in html
    assert tea.certified_on.strftime("%d/%m/%Y") in html
    assert tea.expires_on.strftime("%d/%m/%Y") in html
    assert re.search(rf'id="verification-buy"[^>]*href="{re.escape(tea.get_absolute_url())}"', html)
    assert f'href="{tea.producer.get_absolute_url()}"' in html


@pytest.mark.parametrize(
    ("expires_in", "status"),
    [(400, "valid"), (30, "expiring"), (0, "expiring"), (-1, "expired"), (None, "unknown")],
)
def test_the_status_follows_the_expiry_date(client, expires_in, status):
    product = ProductFactory(
        certified_on=None, expires_on=None if expires_in is None else days(expires_in), stars=3, score=None
    )

    html = client.get(verification.verification_path(product)).content.decode()

    assert status_of(html) == status


def test_an_unknown_code_answers_404_with_an_explanation(client):
    response = client.get("/xac-thuc/OCOP-000000000000/")

    assert response.status_code == 404
    assert status_of(response.content.decode()) == "not-found"
    assert "OCOP-000000000000" in response.content.decode()


@pytest.mark.parametrize("hidden", ["not public", "stall awaiting approval"])
def test_a_product_not_listed_is_not_found(client, tea, hidden):
    if hidden == "not public":
        tea.is_public = False
        tea.save()
    else:
        Partner.objects.filter(pk=tea.producer_id).update(status="pending")

    assert client.get(f"/xac-thuc/{tea.upc}/").status_code == 404
    assert client.get(f"/xac-thuc/{tea.upc}/qr.png").status_code == 404


def test_the_code_is_the_importers_upc_so_it_survives_reimports(tea):
    # The importer derives the UPC from the row's natural key (catalog.importers.demo.product_upc).
    key = ("Chè búp Tân Cương", "HTX Chè Tân Cương", "19")
    assert verification.verification_code(tea) == product_upc("OCOP", *key)


@pytest.mark.parametrize("upc", [None, "893/2024 01", "sp-7"])
def test_a_product_without_a_url_safe_upc_is_reached_by_its_id(client, upc):
    product = ProductFactory(upc=upc)

    code = verification.verification_code(product)

    assert code == f"sp-{product.pk}"
    assert client.get(f"/xac-thuc/{code}/").status_code == 200


def test_the_id_code_of_a_product_that_got_a_upc_later_redirects_to_its_code(client, tea):
    response = client.get(f"/xac-thuc/sp-{tea.pk}/")

    assert response.status_code == 301
    assert response["Location"] == f"/xac-thuc/{tea.upc}/"


def test_the_page_says_when_the_data_was_last_checked(client, tea):
    updated = timezone.localtime(tea.date_updated).strftime("%d/%m/%Y")
    html = client.get(f"/xac-thuc/{tea.upc}/").content.decode()
    assert updated in html.split('id="verification-checked"')[1].split("</p>")[0]

    checked_at = timezone.make_aware(datetime.datetime(2026, 1, 5, 9, 30))
    CertificateClaim.objects.create(
        product=tea,
        stars=4,
        decision_number="1234/QĐ-UBND",
        certification_level="province",
        certified_on=tea.certified_on,
        status=CertificateClaim.Status.VERIFIED,
        checked_at=checked_at,
    )

    html = client.get(f"/xac-thuc/{tea.upc}/").content.decode()
    assert "05/01/2026" in html.split('id="verification-checked"')[1].split("</p>")[0]


def test_the_page_runs_a_bounded_number_of_queries(client, tea, django_assert_max_num_queries):
    client.get(f"/xac-thuc/{tea.upc}/")  # warm: the site's once-per-process lookups

    with django_assert_max_num_queries(8):
        assert client.get(f"/xac-thuc/{tea.upc}/").status_code == 200


def test_the_qr_code_decodes_to_the_page_a_phone_then_opens(client, tea, settings):
    settings.SITE_URL = "https://cho-ocop.vn"

    response = client.get(f"/xac-thuc/{tea.upc}/qr.png")

    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    [barcode] = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))
    assert barcode.format == zxingcpp.BarcodeFormat.QRCode
    assert barcode.text == f"https://cho-ocop.vn/xac-thuc/{tea.upc}/"
    page = client.get(urlsplit(barcode.text).path)
    assert page.status_code == 200 and "Chè búp Tân Cương" in page.content.decode()


def test_the_svg_qr_code_is_public_and_cached(client, tea):
    response = client.get(f"/xac-thuc/{tea.upc}/qr.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<svg")
    assert "public" in response["Cache-Control"] and "max-age=86400" in response["Cache-Control"]


def test_the_product_page_links_its_certificate_check_and_shows_the_qr(client, tea):
    html = client.get(tea.get_absolute_url()).content.decode()

    panel = html.split('id="certificate-heading"')[1].split("</section>")[0]
    assert f'href="/xac-thuc/{tea.upc}/"' in panel
    assert f'src="/xac-thuc/{tea.upc}/qr.svg"' in panel


def test_a_product_without_a_certificate_offers_no_qr(client):
    product = ProductFactory(stars=None, certified_on=None, expires_on=None)

    html = client.get(product.get_absolute_url()).content.decode()

    assert 'id="certificate-check"' not in html
    assert "/xac-thuc/" not in html
