"""A product image's size is read from its file once, when saved: cards never open image files."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from oscar.core.loading import get_model

from tests.factories import sellable_product
from tests.factories.images import small_jpeg

pytestmark = pytest.mark.django_db

ProductImage = get_model("catalogue", "ProductImage")


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def test_an_uploaded_image_keeps_its_size(media):
    product = sellable_product(title="Mật ong hoa nhãn")

    image = ProductImage.objects.create(
        product=product, original=SimpleUploadedFile("honey.jpg", small_jpeg(), content_type="image/jpeg")
    )

    image.refresh_from_db()
    assert (image.width, image.height) == (40, 30)


def test_the_card_takes_the_size_from_the_row_without_opening_the_file(client, media):
    product = sellable_product(title="Mật ong hoa nhãn")
    image = ProductImage.objects.create(
        product=product, original=SimpleUploadedFile("honey.jpg", small_jpeg(), content_type="image/jpeg")
    )
    Path(image.original.path).unlink()  # reading the file now would fail

    html = client.get("/catalogue/").content.decode()

    assert f'src="{image.original.url}" alt="Mật ong hoa nhãn" width="40" height="30"' in html


def test_an_unreadable_file_keeps_no_size_and_the_card_shows_the_placeholder(client, media):
    product = sellable_product(title="Mật ong hoa nhãn")
    image = ProductImage.objects.create(product=product, original="images/products/gone.jpg")

    html = client.get("/catalogue/").content.decode()

    assert (image.width, image.height) == (None, None)
    assert 'class="is-placeholder"' in html
