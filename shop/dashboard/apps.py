"""Oscar's dashboard forked only to hide the flatpages section: Wagtail is our one CMS."""

import oscar.apps.dashboard.apps as apps
from django.urls import URLPattern, URLResolver


class DashboardConfig(apps.DashboardConfig):
    name = "shop.dashboard"
    label = "dashboard"

    def get_urls(self) -> list[URLPattern | URLResolver]:
        return [url for url in super().get_urls() if str(url.pattern) != "pages/"]
