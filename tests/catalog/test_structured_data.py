"""Structured data and link cards, read out of rendered pages: JSON-LD (Product and Offer, the
producer's Organization, display points' LocalBusiness, breadcrumb trails), the canonical address,
Open Graph tags and the share links of products, stalls and fairs."""

from __future__ import annotations

import datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import RequestFactory
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.test.factories import ProductImageFactory

from catalog.templatetags.seo_tags import canonical_url
from tests.factories import (
    DisplayPointFactory,
    PartnerFactory,
    ProductFactory,
    category,
    province,
    sellable_product,
)
from tests.factories.cms import fair_page
from tests.page_meta import csp_nonce, page_meta

pytestmark = pytest.mark.django_db

PartnerLink = get_model("partner", "PartnerLink")

SITE = "https://cho-ocop.vn"


@pytest.fixture(autouse=True)
def public_site(settings):
    settings.SITE_URL = SITE


def all_keys(data: object) -> set[str]:
    if isinstance(data, dict):
        return set(data).union(*(all_keys(value) for value in data.values()))
    if isinstance(data, list):
        return set().union(*(all_keys(value) for value in data))
    return set()


def all_types(data: object) -> list[str]:
    if isinstance(data, dict):
        return [
            *([data["@type"]] if "@type" in data else []),
            *(t for v in data.values() for t in all_types(v)),
        ]
    if isinstance(data, list):
        return [t for value in data for t in all_types(value)]
    return []


def test_a_product_page_gives_the_product_and_its_offer_in_vnd(client):
    producer = PartnerFactory(name="HTX Chè Tân Cương")
    product = sellable_product(
        title="Chè Tân Cương đặc biệt", price=125000, num_in_stock=7, producer=producer, stars=5, score=92
    )
    ProductImageFactory(product=product)

    page = page_meta(client.get(product.get_absolute_url()))
    data = page.one("Product")

    assert data["@context"] == "https://schema.org"
    assert data["name"] == "Chè Tân Cương đặc biệt"
    assert data["url"] == f"{SITE}{product.get_absolute_url()}"
    assert data["image"][0].startswith(f"{SITE}/media/")
    assert data["category"] == category("I.2.b").name
    assert data["offers"] == {
        "@type": "Offer",
        "url": f"{SITE}{product.get_absolute_url()}",
        "price": "125000",
        "priceCurrency": "VND",
        "availability": "https://schema.org/InStock",
        "itemCondition": "https://schema.org/NewCondition",
        "seller": {
            "@type": "Organization",
            "name": "HTX Chè Tân Cương",
            "url": f"{SITE}{producer.get_absolute_url()}",
        },
    }
    assert data["manufacturer"]["name"] == "HTX Chè Tân Cương"


def test_the_ocop_stars_are_a_certification_never_a_review_rating(client):
    product = sellable_product(stars=4, score=80, certificate_number="OCOP-HN-2025-001")

    page = page_meta(client.get(product.get_absolute_url()))
    data = page.one("Product")

    assert data["hasCertification"]["@type"] == "Certification"
    assert data["hasCertification"]["name"] == "OCOP 4★"
    assert data["hasCertification"]["certificationIdentification"] == "OCOP-HN-2025-001"
    keys = set().union(*(all_keys(block) for block in page.json_ld))
    assert keys.isdisjoint({"aggregateRating", "review", "reviewRating", "ratingValue", "bestRating"})
    assert "Rating" not in {value for block in page.json_ld for value in all_types(block)}


def test_an_expired_certificate_is_not_claimed(client):
    long_ago = timezone.localdate() - datetime.timedelta(days=5 * 365)
    product = sellable_product(certified_on=long_ago)
    assert product.certificate_status == "expired"

    data = page_meta(client.get(product.get_absolute_url())).one("Product")

    assert "hasCertification" not in data


def test_a_product_out_of_stock_is_offered_out_of_stock_and_one_not_sold_here_has_no_offer(client):
    sold_out = sellable_product(num_in_stock=0)
    not_sold = ProductFactory()

    assert page_meta(client.get(sold_out.get_absolute_url())).one("Product")["offers"]["availability"] == (
        "https://schema.org/OutOfStock"
    )
    assert "offers" not in page_meta(client.get(not_sold.get_absolute_url())).one("Product")


def test_entered_text_cannot_close_the_json_ld_script_and_every_script_has_the_nonce(client):
    product = sellable_product(title="Mật ong </script><script>alert(1)</script>")

    response = client.get(product.get_absolute_url())
    page = page_meta(response)

    assert "\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)" in response.content.decode()
    assert page.one("Product")["name"] == "Mật ong </script><script>alert(1)</script>"
    assert len(page.json_ld) == 2  # the product and its breadcrumb trail
    assert page.json_ld_nonces == [csp_nonce(response)] * 2


def test_the_product_breadcrumb_list_follows_the_trail_shown(client):
    product = sellable_product(title="Gạo ST25", categories=[category("I.2.b")])

    page = page_meta(client.get(product.get_absolute_url()))
    trail = page.one("BreadcrumbList")["itemListElement"]

    assert [item["position"] for item in trail] == list(range(1, len(trail) + 1))
    # Every linked step of the trail shown, then the product itself.
    assert [item["item"] for item in trail[:-1]] == [f"{SITE}{href}" for href in page.breadcrumb_links]
    assert trail[-1] == {
        "@type": "ListItem",
        "position": len(trail),
        "name": "Gạo ST25",
        "item": f"{SITE}{product.get_absolute_url()}",
    }
    assert trail[-2]["name"] == category("I.2.b").name


def test_a_stall_page_gives_the_producer_as_a_local_business_with_its_other_stalls(client):
    producer = PartnerFactory(
        name="HTX Mật ong Bạc Hà",
        address="Thôn Na Hối, Bắc Hà",
        phone="0912 345 678",
        province=province("15"),
    )
    PartnerLink.objects.create(partner=producer, platform="shopee", url="https://shopee.vn/mat-ong-bac-ha")
    sellable_product(producer=producer)

    page = page_meta(client.get(producer.get_absolute_url()))
    business = page.one("LocalBusiness")

    assert business["name"] == "HTX Mật ong Bạc Hà"
    assert business["url"] == f"{SITE}{producer.get_absolute_url()}"
    assert business["telephone"] == "0912 345 678"
    assert business["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Thôn Na Hối, Bắc Hà",
        "addressRegion": province("15").name,
        "addressCountry": "VN",
    }
    assert business["sameAs"] == ["https://shopee.vn/mat-ong-bac-ha"]
    trail = page.one("BreadcrumbList")["itemListElement"]
    assert [item["name"] for item in trail][1:] == [province("15").name, "HTX Mật ong Bạc Hà"]


def test_a_producer_without_an_address_is_an_organization(client):
    producer = PartnerFactory(address="")

    assert page_meta(client.get(producer.get_absolute_url())).one("Organization")["name"] == producer.name


def test_a_display_point_page_gives_a_local_business_with_its_place(client):
    point = DisplayPointFactory(
        name="Trung tâm OCOP Hà Nội",
        address="25 Tông Đản",
        phone="024 3826 0000",
        latitude=Decimal("21.025"),
        longitude=Decimal("105.857"),
        organiser="Sở Công Thương Hà Nội",
    )

    page = page_meta(client.get(point.get_absolute_url()))
    business = page.one("LocalBusiness")

    assert business["name"] == "Trung tâm OCOP Hà Nội"
    assert business["url"] == f"{SITE}{point.get_absolute_url()}"
    assert business["geo"] == {"@type": "GeoCoordinates", "latitude": 21.025, "longitude": 105.857}
    assert business["address"]["streetAddress"] == "25 Tông Đản"
    assert business["parentOrganization"] == {"@type": "Organization", "name": "Sở Công Thương Hà Nội"}
    assert [item["item"] for item in page.one("BreadcrumbList")["itemListElement"]] == [
        f"{SITE}/",
        f"{SITE}/display-points/",
        f"{SITE}{point.get_absolute_url()}",
    ]


def test_a_fair_page_gives_its_event_and_breadcrumb_trail(client):
    fair = fair_page("Hội chợ OCOP Hà Nội 2026")

    page = page_meta(client.get(fair.url))

    assert page.one("Event")["name"] == "Hội chợ OCOP Hà Nội 2026"
    assert [item["name"] for item in page.one("BreadcrumbList")["itemListElement"]][
        -1
    ] == "Hội chợ OCOP Hà Nội 2026"


# ---------------------------------------------------------------- titles, canonical, link cards
def test_a_product_page_has_a_link_card_with_an_absolute_image_and_its_price(client):
    product = sellable_product(title="Nước mắm Phan Thiết", price=89000)
    ProductImageFactory(product=product)

    page = page_meta(client.get(product.get_absolute_url(), {"utm_source": "zalo", "fbclid": "abc"}))

    url = f"{SITE}{product.get_absolute_url()}"
    assert page.links["canonical"] == [url]
    assert page.meta["og:url"] == url
    assert page.meta["og:type"] == "product"
    assert page.meta["og:title"] == page.title
    assert page.title.startswith("Nước mắm Phan Thiết")
    assert page.meta["og:description"] == page.meta["description"] != ""
    assert page.meta["og:image"].startswith(f"{SITE}/media/")
    assert page.meta["product:price:amount"] == "89000"
    assert page.meta["product:price:currency"] == "VND"
    assert page.meta["twitter:card"] == "summary_large_image"


def test_pages_without_an_image_show_the_site_card(client):
    producer = PartnerFactory()

    page = page_meta(client.get(producer.get_absolute_url()))

    assert page.meta["og:image"] == f"{SITE}/static/img/share-card.png"
    assert page.meta["og:url"] == f"{SITE}{producer.get_absolute_url()}"


def test_titles_and_descriptions_differ_from_page_to_page(client):
    first, second = sellable_product(title="Trà Shan tuyết"), sellable_product(title="Miến dong")
    producer = PartnerFactory()
    point = DisplayPointFactory()
    pages = [
        page_meta(client.get(url))
        for url in (
            first.get_absolute_url(),
            second.get_absolute_url(),
            producer.get_absolute_url(),
            point.get_absolute_url(),
            province("15").get_absolute_url(),
            category("I.2.b").get_absolute_url(),
        )
    ]

    assert len({page.title for page in pages}) == len(pages)
    assert len({page.meta["description"] for page in pages}) == len(pages)
    assert all(page.meta["description"] for page in pages)


def test_the_canonical_address_drops_filters_and_tracking_but_keeps_the_page_number():
    request = RequestFactory().get(
        "/catalogue/", {"stars": "5", "sort": "price", "utm_source": "zalo", "page": "3"}
    )
    first_page = RequestFactory().get("/catalogue/", {"page": "1", "q": "chè"})

    assert canonical_url({"request": request}) == f"{SITE}/catalogue/?page=3"
    assert canonical_url({"request": first_page}) == f"{SITE}/catalogue/"


def test_the_province_page_is_canonical_without_its_filters(client):
    page = page_meta(
        client.get(province("01").get_absolute_url(), {"stars": "5", "producer_type": "cooperative"})
    )

    assert page.links["canonical"] == [f"{SITE}{province('01').get_absolute_url()}"]


def test_search_results_are_followed_but_not_indexed(client):
    page = page_meta(client.get("/search/", {"q": "mật ong"}))

    assert page.meta["robots"] == "noindex, follow"


# ---------------------------------------------------------------- share control
def share_targets(page) -> dict[str, str]:
    """{'zalo': shared address, 'facebook': shared address} read from the share links."""
    targets = {}
    for anchor in page.anchors:
        href = anchor.get("href") or ""
        if href.startswith("https://zalo.me/share?"):
            targets["zalo"] = parse_qs(urlsplit(href).query)["url"][0]
        elif href.startswith("https://www.facebook.com/sharer/sharer.php?"):
            targets["facebook"] = parse_qs(urlsplit(href).query)["u"][0]
    return targets


@pytest.mark.parametrize("kind", ["product", "stall", "fair"])
def test_products_stalls_and_fairs_have_share_links_that_work_without_javascript(client, kind):
    if kind == "product":
        url = sellable_product().get_absolute_url()
    elif kind == "stall":
        url = PartnerFactory().get_absolute_url()
    else:
        url = fair_page("Tuần lễ OCOP").url

    page = page_meta(client.get(url))

    assert share_targets(page) == {"zalo": f"{SITE}{url}", "facebook": f"{SITE}{url}"}
    # The share sheet and copy buttons wait for static/js/ocop.js to find the browser able.
    actions = {button.get("data-action"): button for button in page.buttons if button.get("data-action")}
    assert set(actions) >= {"share-native", "share-copy"}
    assert all("hidden" in actions[name] for name in ("share-native", "share-copy"))
