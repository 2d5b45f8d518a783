"""The import screens in the Wagtail admin: their URLs and a menu item for those allowed to import."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from catalog.importers.uploads import PERMISSION

from .views import ProductListConfirmView, ProductListUploadView

urlpatterns = [
    path("", ProductListUploadView.as_view(), name="upload"),
    path("confirm/", ProductListConfirmView.as_view(), name="confirm"),
]


class ImportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_urls")
def register_import_urls() -> list:
    return [path("ocop-import/", include((urlpatterns, "ocop_import"), namespace="ocop_import"))]


@hooks.register("register_admin_menu_item")
def register_import_menu_item() -> MenuItem:
    return ImportMenuItem(
        _("Import OCOP list"),
        reverse_lazy("ocop_import:upload"),
        name="ocop-import",
        icon_name="upload",
        order=310,
    )
