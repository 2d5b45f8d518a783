"""Oscar's dashboard forked to hide the flatpages section (Wagtail is our one CMS) and to add the
producer's stall profile."""

import oscar.apps.dashboard.apps as apps
from django.urls import URLPattern, URLResolver, path
from oscar.core.loading import get_class


class DashboardConfig(apps.DashboardConfig):
    name = "shop.dashboard"
    label = "dashboard"

    def configure_permissions(self) -> None:
        super().configure_permissions()
        permission = get_class("dashboard.permissions", "DashboardPermission")
        # A producer edits its own stall (found through partner.users); staff edit any by id.
        self.permissions_map["stall-profile"] = (permission.staff, permission.partner_dashboard_access)
        self.permissions_map["stall-profile-edit"] = permission.staff

    def get_urls(self) -> list[URLPattern | URLResolver]:
        from .stall import StallProfileView

        urls = [url for url in super().get_urls() if str(url.pattern) != "pages/"]
        stall = [
            path("stall/", StallProfileView.as_view(), name="stall-profile"),
            path("stall/<int:pk>/", StallProfileView.as_view(), name="stall-profile-edit"),
        ]
        return [*urls, *self.post_process_urls(stall)]
