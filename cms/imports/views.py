"""The import screens: upload a list and read its dry-run report, then confirm the import."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from catalog.importers import DataImportError, ImportSummary
from catalog.importers.product_rows import COLUMN_HELP, PRODUCT_LIST
from catalog.importers.products import ProductListCheck, products_check
from catalog.importers.tables import Upload
from catalog.importers.uploads import (
    PERMISSION,
    UploadGone,
    product_list_check,
    product_list_import,
    product_list_upload,
)

from .forms import ProductListConfirmForm, ProductListUploadForm

REPORT_ROWS = 1000  # rows listed one by one (and every bad row); the counts cover the whole list


class ImportPermissionRequired:
    """Only staff allowed to import lists (Trade promotion staff, superusers) reach these views."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.has_perm(PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class ProductListUploadView(ImportPermissionRequired, WagtailAdminTemplateMixin, FormView):
    """Upload a list: its dry-run report, with a confirm button when every row may be imported."""

    template_name = "cms/imports/upload.html"
    form_class = ProductListUploadForm
    page_title = gettext_lazy("Import an OCOP list")
    header_icon = "upload"
    success_url = reverse_lazy("ocop_import:upload")

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        known = PRODUCT_LIST.known
        context["columns"] = [(name, name in PRODUCT_LIST.required, COLUMN_HELP[name]) for name in known]
        return context

    def form_valid(self, form: ProductListUploadForm) -> HttpResponse:
        upload = form.upload()
        try:
            check, token = product_list_check(user=self.request.user, upload=upload)
        except DataImportError as error:
            return self.render_to_response(
                self.get_context_data(
                    form=ProductListUploadForm(), file_errors=error.errors, file_name=upload.name
                )
            )
        return self.render_to_response(self.report_context(check, token))

    def report_context(self, check: ProductListCheck, token: Any) -> dict[str, Any]:
        confirm = ProductListConfirmForm(initial={"token": token}) if token else None
        # The first rows, and every row with a problem wherever it is in the list.
        rows = [row for index, row in enumerate(check.rows) if index < REPORT_ROWS or row.errors]
        return self.get_context_data(
            form=ProductListUploadForm(),
            check=check,
            counts=_counts(check.summary),
            rows=rows,
            rows_hidden=len(check.rows) - len(rows),
            confirm=confirm,
        )


class ProductListConfirmView(ProductListUploadView):
    """Import the list its uploader confirmed, all or nothing; back to the upload screen."""

    http_method_names = ["post"]
    form_class = ProductListConfirmForm  # type: ignore[assignment]

    def form_valid(self, form: ProductListConfirmForm) -> HttpResponse:  # type: ignore[override]
        token = form.cleaned_data["token"]
        try:
            summary = product_list_import(user=self.request.user, token=token)
        except UploadGone:
            messages.error(
                self.request, _("This list was imported already, or its upload expired: upload it again.")
            )
            return redirect(self.success_url)
        except DataImportError:
            # The database changed since the report: show the list's report as it is now.
            stored = product_list_upload(user=self.request.user, token=token)
            check = products_check(Upload(stored.file_name, bytes(stored.content)))
            return self.render_to_response(self.report_context(check, None))
        messages.success(self.request, _imported_message(summary))
        return redirect(self.success_url)

    def form_invalid(self, form: ProductListConfirmForm) -> HttpResponse:  # type: ignore[override]
        messages.error(self.request, _("Nothing was imported: upload the list again."))
        return redirect(self.success_url)


def _counts(summary: ImportSummary) -> dict[str, int]:
    products, producers = summary.counts["products"], summary.counts["producers"]
    return {
        "created": products["created"],
        "updated": products["updated"],
        "unchanged": products["unchanged"],
        "producers": producers["created"],
    }


def _imported_message(summary: ImportSummary) -> str:
    return _(
        "List imported: %(created)d products created, %(updated)d updated, %(unchanged)d unchanged; "
        "%(producers)d new producers."
    ) % _counts(summary)
