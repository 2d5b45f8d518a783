"""The Wagtail image form: images staff upload to the CMS pass the same check as product photos,
logos and banners (`catalog.uploads.validate_image_upload`: JPEG, PNG or WebP, at most 10 MB and
40 megapixels, read from the header before any decoding). Used through WAGTAILIMAGES_IMAGE_FORM_BASE
by the single and the multiple upload views alike."""

from __future__ import annotations

from typing import Any

from wagtail.images.forms import BaseImageForm

from catalog.uploads import validate_image_upload


class ImageForm(BaseImageForm):
    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            validate_image_upload(upload)
        return upload
