"""Finding things: Oscar's search app forked (label `search`), without Haystack."""

from django.urls import path
from oscar.core.application import OscarConfig


class SearchConfig(OscarConfig):
    label = "search"
    name = "search"
    verbose_name = "Search"
    namespace = "search"

    def ready(self) -> None:
        from . import receivers, views

        self.search_view = views.SearchView
        receivers.connect()

    def get_urls(self):
        return self.post_process_urls([path("", self.search_view.as_view(), name="search")])
