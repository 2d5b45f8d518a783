"""Checks for images that people upload (product photos, logos, banners).

Read from the file's header only: Pillow's `Image.open` parses the header and does not
decode pixels, so a 20000×20000 decompression bomb or a 30 MB file is refused before it
costs memory. Used as a model field validator, so every form (Oscar's dashboard, the
producer's stall, Django admin) refuses the same files with the same message.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


def validate_image_upload(upload: File) -> None:
    """Refuse anything but a JPEG, PNG or WebP of at most 10 MB and 40 megapixels."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(
            _("The image is %(size)s; the largest allowed is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(MAX_BYTES)},
            code="image_too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        upload.seek(0)
        with Image.open(upload) as image:  # reads the header; no pixels are decoded
            image_format, (width, height) = image.format, image.size
    except Image.DecompressionBombError as error:  # so many pixels Pillow refuses to open it
        raise ValidationError(
            _("The image has far too many pixels; the largest allowed is 40 megapixels."),
            code="image_too_many_pixels",
        ) from error
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise ValidationError(
            _("This file is not an image we accept: upload a JPEG, PNG or WebP photo."),
            code="image_unreadable",
        ) from error
    finally:
        if position is not None:
            upload.seek(position)
    if image_format not in FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted: upload a JPEG, PNG or WebP photo.")
            % {"format": image_format},
            code="image_format",
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _(
                "The image is %(width)s×%(height)s pixels (%(megapixels)s megapixels); "
                "the largest allowed is 40 megapixels."
            )
            % {"width": width, "height": height, "megapixels": round(width * height / 1_000_000)},
            code="image_too_many_pixels",
        )
