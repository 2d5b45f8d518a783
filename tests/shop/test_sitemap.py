"""/sitemap.xml and its sections, and /robots.txt: every public page once, addressed from SITE_URL."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from oscar.core.loading import get_model

from cms.models import StoryPage
from shop.sitemaps import ROBOTS_DISALLOWED
from shop.sites import site_sync_from_settings
from tests.factories import DisplayPointFactory, PartnerFactory, ProductFactory
from tests.factories.cms import fair_page, story_page

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
Province = get_model("catalogue", "Province")

SITE = "https://cho-ocop.vn"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SECTIONS = ("pages", "storefront", "products", "categories", "provinces", "stalls", "display-points")


@pytest.fixture
def public_site(settings):
    """SITE_URL is the public origin; the sites framework's Site follows it (as after migrate)."""
    settings.SITE_URL = SITE
    site_sync_from_settings()
    return SITE


def locations(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.iterfind(".//sm:loc", NS)]


def test_the_index_lists_every_section_on_the_public_origin(
    client, public_site, django_assert_max_num_queries
):
    ProductFactory.create_batch(30, producer=PartnerFactory())
    for n in range(3):
        fair_page(f"Hội chợ OCOP {n}")

    # Asked on another host (a load balancer's address), the addresses are still SITE_URL's.
    # One count or read per section (the pages' per page type), whatever the number of items.
    with django_assert_max_num_queries(18):
        response = client.get("/sitemap.xml", HTTP_HOST="10.0.0.5:8000")

    assert locations(response) == [f"{SITE}/sitemap-{section}.xml" for section in SECTIONS]


def test_the_products_section_lists_browsable_products_in_bounded_queries(
    client, public_site, django_assert_max_num_queries
):
    shown = ProductFactory.create_batch(300, producer=PartnerFactory())
    ProductFactory(is_public=False)
    ProductFactory(producer=PartnerFactory(status=Partner.Status.PENDING))
    ProductFactory(producer=PartnerFactory(status=Partner.Status.REJECTED))

    with django_assert_max_num_queries(4):
        response = client.get("/sitemap-products.xml")

    urls = locations(response)
    assert len(urls) == 300
    assert set(urls) == {f"{SITE}{product.get_absolute_url()}" for product in shown}
    lastmods = ET.fromstring(response.content).findall(".//sm:lastmod", NS)
    assert len(lastmods) == 300


def test_sections_list_categories_provinces_stalls_and_display_points(client, public_site):
    open_stall = PartnerFactory()
    PartnerFactory(status=Partner.Status.PENDING)
    points = DisplayPointFactory.create_batch(3)
    hidden = Category.objects.get(code="I.2.b")
    Category.objects.filter(pk=hidden.pk).update(is_public=False)

    categories = locations(client.get("/sitemap-categories.xml"))
    provinces = locations(client.get("/sitemap-provinces.xml"))
    stalls = locations(client.get("/sitemap-stalls.xml"))
    display_points = locations(client.get("/sitemap-display-points.xml"))
    storefront = locations(client.get("/sitemap-storefront.xml"))

    browsable = Category.objects.browsable()
    assert sorted(categories) == sorted(f"{SITE}{c.get_absolute_url()}" for c in browsable)
    assert f"{SITE}{hidden.get_absolute_url()}" not in categories
    # A product set's address holds its sector's slug: /catalogue/category/<sector>/<set>_<pk>/.
    sub = Category.objects.browsable().filter(depth=2).first()
    assert f"{SITE}/catalogue/category/{sub.get_parent().slug}/{sub.slug}_{sub.pk}/" in categories
    assert len(provinces) == Province.objects.count() == 34
    assert stalls == [f"{SITE}/producers/{open_stall.code}/"]
    assert display_points == [f"{SITE}/display-points/{point.slug}/" for point in points]
    assert storefront == [
        f"{SITE}/catalogue/",
        f"{SITE}/producers/",
        f"{SITE}/display-points/",
        f"{SITE}/thong-ke/",
    ]


def test_the_pages_section_lists_live_fairs_stories_and_news(
    client, public_site, django_assert_max_num_queries
):
    fair = fair_page("Hội chợ OCOP Hà Nội")
    story = story_page("Chuyện chè Shan tuyết")
    news = story_page("Tin tuần", kind=StoryPage.Kind.NEWS)
    draft = story_page("Bản nháp", live=False)

    with django_assert_max_num_queries(12):
        urls = locations(client.get("/sitemap-pages.xml"))

    assert f"{SITE}/" in urls
    assert f"{SITE}/hoi-cho/" in urls
    assert f"{SITE}/tin-tuc/" in urls
    for page in (fair, story, news):
        assert f"{SITE}{page.url}" in urls
    assert f"{SITE}{draft.get_url_parts()[2]}" not in urls
    assert not any("localhost" in url for url in urls)


def test_a_page_number_past_the_end_is_not_found(client, public_site):
    assert client.get("/sitemap-products.xml", {"p": "2"}).status_code == 404
    assert client.get("/sitemap-products.xml", {"p": "x"}).status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_back_offices(client, public_site):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    for path in ("/dashboard/", "/cms/", "/basket/", "/checkout/", "/accounts/"):
        assert f"Disallow: {path}" in lines
    assert [line for line in lines if line.startswith("Disallow:")] == [
        f"Disallow: {p}" for p in ROBOTS_DISALLOWED
    ]
    # What the sitemap lists is not disallowed.
    assert not any(line == "Disallow: /" for line in lines)
