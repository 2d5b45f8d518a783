"""Producers' products in Oscar's dashboard: own stall only, review before publishing,
certificates as claims staff verify, sanitised descriptions, checked image uploads."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from catalog import services
from tests.factories import (
    PartnerFactory,
    ProductFactory,
    StockRecordFactory,
    category,
    province,
    sellable_product,
)
from tests.shop.dashboard.catalogue_helpers import (
    Basket,
    CertificateClaim,
    Product,
    Selector,
    create_url,
    producer_creates,
    product_data,
)

pytestmark = pytest.mark.django_db

XSS = (
    '<p>Mật ong <script>alert("x")</script><img src="x" onerror="alert(1)">'
    '<a href="javascript:alert(2)" onclick="alert(3)">link</a>'
    '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>'
    '<span style="background:url(x)">styled</span></p>'
)
FORBIDDEN = ["<script", "onerror", "onclick", "javascript:", "data:text", "style=", 'alert("x")']


def test_a_producers_new_product_takes_its_stall_and_waits_for_review(client, stalls):
    product = producer_creates(client, stalls)

    assert product.producer == stalls["a"]
    assert product.province == province("15")  # the stall's, not the posted "01"
    assert (product.listing_status, product.is_public) == ("pending", False)
    assert (product.weight_grams, product.packaging) == (500, "Hũ thủy tinh 500 g")
    record = product.stockrecords.get()
    assert (record.partner, record.price, record.num_in_stock) == (stalls["a"], Decimal(150000), 12)
    assert product.stars is None  # a certificate is only ever a claim
    client.logout()
    assert client.get(product.get_absolute_url()).status_code == 404


def test_an_invalid_submission_leaves_no_product(client, stalls):
    client.force_login(stalls["user_a"])
    data = product_data(stalls["a"])
    data["stockrecords-0-price"] = "not a price"
    response = client.post(create_url(), data)
    assert response.status_code == 200
    assert not Product.objects.exists()


def test_price_and_stock_apply_at_once_but_a_new_title_goes_back_to_review(client, stalls, staff):
    product = producer_creates(client, stalls)
    services.product_listing_approve(product=product, checked_by=staff)
    url = reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})

    response = client.post(url, product_data(stalls["a"], product=product, price=99000, stock=3))
    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.listing_status, product.is_public) == ("approved", True)
    assert product.stockrecords.get().price == Decimal(99000)

    client.post(url, product_data(stalls["a"], product=product, title="Mật ong mới", price=99000, stock=3))
    product.refresh_from_db()
    assert (product.title, product.listing_status, product.is_public) == ("Mật ong mới", "pending", False)


def test_staff_approve_and_reject_with_a_reason_and_the_producer_is_emailed(client, stalls, staff):
    first = producer_creates(client, stalls, title="Mật ong một")
    second = producer_creates(client, stalls, title="Mật ong hai")
    client.force_login(staff)
    mail.outbox.clear()

    url = reverse("dashboard:catalogue-product-review-decision", kwargs={"pk": first.pk})
    with django_capture_on_commit(client):
        assert client.post(url, {"decision": "approve"}).status_code == 302
    first.refresh_from_db()
    assert (first.listing_status, first.is_public) == ("approved", True)
    assert mail.outbox[-1].to == ["a@htx.example"]
    assert f"https://cho-ocop.example/dashboard/catalogue/products/{first.pk}/" in mail.outbox[-1].body

    url = reverse("dashboard:catalogue-product-review-decision", kwargs={"pk": second.pk})
    client.post(url, {"decision": "reject", "reason": ""})
    second.refresh_from_db()
    assert second.listing_status == "pending"  # no reason, no decision
    with django_capture_on_commit(client):
        client.post(url, {"decision": "reject", "reason": "Ảnh mờ"})
    second.refresh_from_db()
    assert (second.listing_status, second.listing_note, second.is_public) == ("rejected", "Ảnh mờ", False)
    assert "Ảnh mờ" in mail.outbox[-1].body


class django_capture_on_commit:  # noqa: N801  (a context manager named like the fixture it replaces)
    """Run on-commit callbacks registered inside (tests run in one transaction)."""

    def __init__(self, client) -> None:
        from django.db import connection

        self.connection = connection

    def __enter__(self):
        self.start = len(self.connection.run_on_commit)

    def __exit__(self, *exc) -> None:
        for _ids, callback, _robust in self.connection.run_on_commit[self.start :]:
            callback()


def test_a_producer_cannot_reach_another_producers_products(client, stalls):
    other = sellable_product(title="Gạo ST25", producer=stalls["b"])
    client.force_login(stalls["user_a"])
    for name in ["dashboard:catalogue-product", "dashboard:catalogue-product-certificate",
                 "dashboard:catalogue-product-delete"]:  # fmt: skip
        url = reverse(name, kwargs={"pk": other.pk})
        assert client.get(url).status_code in (403, 404), name
        assert client.post(url, product_data(stalls["a"], title="Stolen")).status_code in (403, 404), name
    other.refresh_from_db()
    assert other.title == "Gạo ST25" and Product.objects.filter(pk=other.pk).exists()
    assert not CertificateClaim.objects.exists()
    for name in ["dashboard:catalogue-product-review-list", "dashboard:catalogue-certificate-claim-list"]:
        assert client.get(reverse(name)).status_code in (302, 403)


def test_a_producers_product_list_shows_its_own_products_in_bounded_queries(
    client, stalls, django_assert_max_num_queries
):
    for n in range(8):
        sellable_product(title=f"Mật ong {n}", producer=stalls["a"])
        sellable_product(title=f"Gạo {n}", producer=stalls["b"])
    client.force_login(stalls["user_a"])
    with django_assert_max_num_queries(40):
        response = client.get(reverse("dashboard:catalogue-product-list"))
    titles = {product.title for product in response.context["products"].data}
    assert titles == {f"Mật ong {n}" for n in range(8)}


def test_staff_queues_answer_in_bounded_queries(client, stalls, staff, django_assert_max_num_queries):
    for n in range(10):
        product, _claim = services.product_draft_create(
            producer=stalls["a"], title=f"Trà {n}", category=category(), submitted_by=stalls["user_a"],
            certificate={"stars": 4, "score": 75, "decision_number": f"{n}/QĐ-UBND",
                         "certification_level": "province", "certified_on": datetime.date(2025, 3, 1)},
        )  # fmt: skip
    client.force_login(staff)
    for name, key in [("dashboard:catalogue-product-review-list", "products"),
                      ("dashboard:catalogue-certificate-claim-list", "claims")]:  # fmt: skip
        with django_assert_max_num_queries(25):
            response = client.get(reverse(name))
        assert response.status_code == 200
        assert len(response.context[key]) == 10


def test_a_certificate_is_unverified_until_staff_verify_it(client, stalls, staff):
    product = producer_creates(client, stalls)
    url = reverse("dashboard:catalogue-product-certificate", kwargs={"pk": product.pk})
    claim = {
        "stars": "4",
        "score": "95",
        "certificate_number": "OCOP-15-001",
        "decision_number": "12/QĐ-UBND",
        "certification_level": "province",
        "certified_on": "2025-03-01",
        "expires_on": "",
    }

    response = client.post(url, claim)  # 95 points is a 5★ score (Decision 148/QĐ-TTg)
    assert response.status_code == 200 and "score" in response.context["form"].errors
    assert client.post(url, {**claim, "score": "75"}).status_code == 302

    product.refresh_from_db()
    assert product.stars is None and not product.shows_badge
    pending = CertificateClaim.objects.get()
    assert (pending.status, pending.stars, str(pending.expires_on)) == ("pending", 4, "2028-03-01")

    client.force_login(staff)
    decision = reverse("dashboard:catalogue-certificate-claim-decision", kwargs={"pk": pending.pk})
    mail.outbox.clear()
    with django_capture_on_commit(client):
        assert client.post(decision, {"decision": "approve"}).status_code == 302
    product.refresh_from_db()
    assert (product.stars, product.score, product.decision_number) == (4, 75, "12/QĐ-UBND")
    assert (product.certificate_number, str(product.certified_on)) == ("OCOP-15-001", "2025-03-01")
    pending.refresh_from_db()
    assert (pending.status, pending.checked_by) == ("verified", staff)
    assert "12/QĐ-UBND" in mail.outbox[-1].body


def test_verifying_a_certificate_re_indexes_the_product(stalls, staff, settings):
    from search.models import IndexOutbox

    product = sellable_product(producer=stalls["a"], stars=None)
    claim = services.certificate_claim_submit(
        product=product,
        submitted_by=stalls["user_a"],
        stars=3,
        decision_number="7/QĐ-UBND",
        certification_level="province",
        certified_on=datetime.date(2025, 2, 1),
    )
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # receivers note changes only with an index
    services.certificate_claim_verify(claim=claim, checked_by=staff)
    assert product.pk in IndexOutbox.objects.get().work["products"]


def test_a_rejected_certificate_leaves_the_product_as_it_was(stalls, staff):
    product = sellable_product(producer=stalls["a"], stars=3, score=60)
    claim = services.certificate_claim_submit(
        product=product, submitted_by=stalls["user_a"], stars=5, score=95, decision_number="1/QĐ-TTg",
        certification_level="national", certified_on=datetime.date(2025, 1, 10),
    )  # fmt: skip
    with pytest.raises(Exception):  # noqa: B017, PT011  (a reason is required)
        services.certificate_claim_reject(claim=claim, checked_by=staff, reason=" ")
    services.certificate_claim_reject(claim=claim, checked_by=staff, reason="Không khớp quyết định")
    product.refresh_from_db()
    claim.refresh_from_db()
    assert (product.stars, product.score) == (3, 60)
    assert (claim.status, claim.reason) == ("rejected", "Không khớp quyết định")


def test_draft_product_for_sign_up_is_hidden_with_a_pending_claim(stalls):
    product, claim = services.product_draft_create(
        producer=stalls["a"], title="Chè Shan tuyết", category=category(), submitted_by=stalls["user_a"],
        description="<p onclick='x()'>Chè</p>",
        certificate={"stars": 3, "decision_number": "5/QĐ-UBND", "certification_level": "province",
                     "certified_on": datetime.date(2024, 6, 1)},
    )  # fmt: skip
    assert (product.producer, product.province, product.is_public) == (stalls["a"], province("15"), False)
    assert product.listing_status == "pending" and product.stars is None
    assert product.description == "<p>Chè</p>"
    assert (claim.status, claim.stars) == ("pending", 3)


def test_a_product_without_a_producer_cannot_be_bought(client):
    product = ProductFactory(title="Không chủ", producer=None)
    StockRecordFactory(product=product, partner=PartnerFactory())
    info = Selector().strategy().fetch_for_product(product)
    assert not info.availability.is_available_to_buy

    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    assert not Basket.objects.filter(lines__product=product).exists()

    sellable = sellable_product(title="Có chủ")
    assert Selector().strategy().fetch_for_product(sellable).availability.is_available_to_buy


def test_a_product_waiting_for_review_cannot_be_bought(stalls):
    product = sellable_product(producer=stalls["a"])
    services.product_listing_submit(product=product)
    assert not Selector().strategy().fetch_for_product(product).availability.is_available_to_buy


def test_stored_xss_in_a_producers_description_never_reaches_the_product_page(client, stalls, staff):
    product = producer_creates(client, stalls, description=XSS)
    assert all(bad not in product.description for bad in FORBIDDEN)
    services.product_listing_approve(product=product, checked_by=staff)
    # A row written without save() (bulk import) is sanitised on output too.
    Product.objects.filter(pk=product.pk).update(description=XSS)

    client.logout()
    page = client.get(product.get_absolute_url()).content.decode()
    html = re.search(r'<div class="prose">(.*?)</div>', page, re.S).group(1)
    assert "Mật ong" in html and "styled" in html
    for bad in FORBIDDEN:
        assert bad not in html, bad
    assert 'alert("x")' not in page and "javascript:alert" not in page and "onerror=" not in page


def test_category_descriptions_are_sanitised(client):
    group = category()
    group.description = XSS
    group.save()
    group.refresh_from_db()
    assert all(bad not in group.description for bad in FORBIDDEN)


def test_staff_keep_the_full_form_and_their_products_need_no_review(client, stalls, staff):
    staff.is_superuser = True  # Oscar's product views want catalogue permissions beyond is_staff
    staff.save()
    client.force_login(staff)
    data = product_data(stalls["b"], title="Gạo ST25 Sóc Trăng")
    data.update({
        "upc": "8930000000001", "producer": str(stalls["b"].pk), "province": str(province("79").pk),
        "stars": "5", "score": "92", "decision_number": "1/QĐ-TTg", "certification_level": "national",
        "certified_on": "2025-01-10", "is_public": "on", "is_discountable": "on",
        "primary_recommendations-TOTAL_FORMS": "0",
        "primary_recommendations-INITIAL_FORMS": "0"})  # fmt: skip
    response = client.post(create_url(), data)
    assert response.status_code == 302, [
        (name, response.context[name].errors)
        for name in [
            "form",
            "category_formset",
            "image_formset",
            "stockrecord_formset",
            "recommended_formset",
        ]
    ]
    product = Product.objects.get(title="Gạo ST25 Sóc Trăng")
    assert (product.producer, product.province, product.stars) == (stalls["b"], province("79"), 5)
    assert (product.listing_status, product.is_public) == ("approved", True)


def test_a_producers_product_pages_offer_no_producer_province_or_publish_field(client, stalls):
    product = producer_creates(client, stalls)
    for url in [create_url(), reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})]:
        response = client.get(url)
        assert response.status_code == 200
        assert set(response.context["form"].fields) == {"title", "description", "weight_grams", "packaging"}
        assert "recommended_formset" not in response.context
    page = response.content.decode()
    assert 'id="listing-status"' in page and 'id="certificate-link"' in page
    assert (
        client.get(reverse("dashboard:catalogue-product-certificate", kwargs={"pk": product.pk})).status_code
        == 200
    )
