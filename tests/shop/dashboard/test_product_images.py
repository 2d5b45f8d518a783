"""Producers' product images: accepted formats and sizes, bombs refused undecoded, order and alt text."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog import services
from tests.factories.images import png_header, small_jpeg
from tests.shop.dashboard.catalogue_helpers import (
    Product,
    ProductImage,
    create_url,
    producer_creates,
    product_data,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "content", "code_word"),
    [
        ("big.jpg", small_jpeg() + b"\0" * (30 * 1024 * 1024), "MB"),
        ("large.png", png_header(9000, 9000), "40"),  # past Pillow's bomb limit (2 × 40 MP): no size read
        ("bomb.png", png_header(20000, 20000), "40"),
        ("page.html", b"<html><script></script></html>", "JPEG"),
    ],
    ids=["30MB", "9000x9000", "bomb-20000x20000", "not-an-image"],
)
def test_bad_images_are_refused_with_a_message_and_nothing_stored(client, stalls, settings, name, content,
                                                                  code_word):  # fmt: skip
    media = Path(settings.MEDIA_ROOT)
    before = {p for p in media.rglob("*") if p.is_file()} if media.exists() else set()
    client.force_login(stalls["user_a"])
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    data = product_data(stalls["a"], images={
        "images-TOTAL_FORMS": "1", "images-0-original": upload, "images-0-caption": "Hũ mật ong",
        "images-0-display_order": "0"})  # fmt: skip
    with __import__("django").utils.translation.override("en"):
        response = client.post(create_url(), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    errors = str(response.context["image_formset"].errors)
    assert code_word in errors
    assert not Product.objects.exists() and not ProductImage.objects.exists()
    after = {p for p in media.rglob("*") if p.is_file()} if media.exists() else set()
    assert after == before


def test_a_decompression_bomb_is_refused_without_decoding_it(client, stalls):
    client.force_login(stalls["user_a"])
    bomb = SimpleUploadedFile("bomb.png", png_header(20000, 20000), "image/png")
    images = {"images-TOTAL_FORMS": "1", "images-0-original": bomb, "images-0-display_order": "0"}
    data = product_data(stalls["a"], images=images)
    tracemalloc.start()
    try:
        response = client.post(create_url(), data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 200 and response.context["image_formset"].errors
    # Decoded, 20000×20000 RGB is 1.2 GB; the whole request stays far below 64 MB.
    assert peak < 64 * 1024 * 1024, peak


def test_several_images_in_order_with_alt_text(client, stalls, staff):
    images = {"images-TOTAL_FORMS": "2"}
    for index, caption in enumerate(["Hũ mật ong", "Tổ ong"]):
        images.update({
            f"images-{index}-original": SimpleUploadedFile(f"{index}.jpg", small_jpeg(), "image/jpeg"),
            f"images-{index}-caption": caption, f"images-{index}-display_order": str(index)})  # fmt: skip
    product = producer_creates(client, stalls, images=images)
    assert list(product.images.order_by("display_order").values_list("caption", flat=True)) == [
        "Hũ mật ong",
        "Tổ ong",
    ]
    services.product_listing_approve(product=product, checked_by=staff)
    html = client.get(product.get_absolute_url()).content.decode()
    assert 'alt="Hũ mật ong"' in html and 'alt="Tổ ong"' in html
