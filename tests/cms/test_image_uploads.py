"""Images staff upload in the Wagtail admin pass the same check as product photos (catalog.uploads)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image as PILImage
from wagtail.images import get_image_model

from catalog import uploads
from tests.factories.images import png_header, small_jpeg

Image = get_image_model()

pytestmark = pytest.mark.django_db

BAD_FILES = [
    pytest.param("big.jpg", small_jpeg() + b"\0" * (30 * 1024 * 1024), "10", id="30MB"),
    pytest.param("large.png", png_header(9000, 9000), "40", id="9000x9000"),
    pytest.param("bomb.png", png_header(20000, 20000), "40", id="bomb-20000x20000"),
    pytest.param("page.png", b"<html><script></script></html>", "", id="not-an-image"),
    pytest.param("animation.gif", b"GIF89a" + b"\0" * 64, "", id="gif"),
]


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_user("staff", "staff@example.vn", "pw-123456789")
    user.groups.add(Group.objects.get(name="Trade promotion staff"))
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_wagtail_limits_are_those_of_every_other_upload():
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == uploads.MAX_BYTES
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == uploads.MAX_PIXELS
    assert PILImage.MAX_IMAGE_PIXELS == uploads.MAX_PIXELS


@pytest.mark.parametrize(("name", "content", "limit"), BAD_FILES)
def test_a_bad_image_is_refused_with_a_message_and_nothing_stored(staff, name, content, limit):
    upload = SimpleUploadedFile(name, content, "application/octet-stream")
    response = staff.post("/cms/images/add/", {"title": "Ảnh", "file": upload, "collection": 1})
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("file", []))
    assert errors and limit in errors
    assert not Image.objects.exists()


@pytest.mark.parametrize(("name", "content", "limit"), BAD_FILES)
def test_the_multiple_upload_refuses_the_same_files(staff, name, content, limit):
    upload = SimpleUploadedFile(name, content, "application/octet-stream")
    response = staff.post("/cms/images/multiple/add/", {"files[]": upload})
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert not Image.objects.exists()


def test_a_good_photo_is_stored(staff):
    upload = SimpleUploadedFile("che.jpg", small_jpeg(), "image/jpeg")
    response = staff.post("/cms/images/add/", {"title": "Chè", "file": upload, "collection": 1})
    assert response.status_code == 302
    assert Image.objects.get().width == 40
