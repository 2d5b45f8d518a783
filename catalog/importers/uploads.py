"""Product lists uploaded in an admin: checked, kept until their uploader confirms, then imported.

The admin's two steps (upload → dry-run report, confirm → import) call these services; the
uploaded bytes wait in `ProductListUpload` (see its docstring for why there)."""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from .base import ImportSummary
from .products import ProductListCheck, products_check, products_import
from .tables import Upload

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from ..models import ProductListUpload as ProductListUploadModel

ProductListUpload = get_model("catalogue", "ProductListUpload")

UPLOAD_HOURS = 24  # an unconfirmed upload is kept this long
PERMISSION = "catalogue.import_product_list"


class UploadGone(LookupError):
    """No upload waits under this token for this user: imported already, expired, or not theirs."""


def product_list_check(
    *, user: AbstractBaseUser, upload: Upload
) -> tuple[ProductListCheck, uuid.UUID | None]:
    """The dry run of an uploaded list, and the token to confirm it with when it may be imported
    (None when it has errors: then nothing is kept). Raises DataImportError for a bad file."""
    check = products_check(upload)
    if not check.ok:
        return check, None
    with transaction.atomic():
        ProductListUpload.objects.filter(uploaded_at__lt=_expiry()).delete()
        stored = ProductListUpload.objects.create(
            file_name=upload.name[:255], content=upload.content, sha256=upload.sha256, uploaded_by=user
        )
    return check, stored.token


def product_list_upload(*, user: AbstractBaseUser, token: uuid.UUID) -> ProductListUploadModel:
    """The upload waiting under this token for this user; raises UploadGone."""
    stored = ProductListUpload.objects.filter(
        token=token, uploaded_by=user, uploaded_at__gte=_expiry()
    ).first()
    if stored is None:
        raise UploadGone(token)
    return stored


def product_list_import(*, user: AbstractBaseUser, token: uuid.UUID) -> ImportSummary:
    """Import the upload confirmed by its uploader and forget it, in one transaction.

    The list is checked again against the database as it is now. Raises UploadGone (a second
    click finds it gone: a list is imported once) or DataImportError, having written nothing."""
    with transaction.atomic():
        stored = (
            ProductListUpload.objects.select_for_update()
            .filter(token=token, uploaded_by=user, uploaded_at__gte=_expiry())
            .first()
        )
        if stored is None:
            raise UploadGone(token)
        summary = products_import(Upload(stored.file_name, bytes(stored.content)))
        stored.delete()
    return summary


def _expiry() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=UPLOAD_HOURS)
