"""Content views outside Wagtail's page routing: the fairs feed, whose `.ics` name Wagtail's page
URLs cannot serve (their path segments hold no dot); Wagtail's sign-out by POST only."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from wagtail.admin.views.account import LogoutView
from wagtail.models import Site

from .models import FairIndexPage


def fairs_calendar(request: HttpRequest, index_path: str) -> HttpResponse:
    """`<fairs index URL>lich.ics`: the subscribable feed of upcoming fairs."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site for this host.")
    index = FairIndexPage.objects.live().filter(url_path=site.root_page.url_path + index_path).first()
    if index is None:
        raise Http404("No fairs index at this address.")
    return index.serve_calendar(request)


class AdminLogoutView(LogoutView):
    """Wagtail's sign-out, by POST only. Wagtail's view deletes the session cookie after any
    request, a refused GET too, so a link or an <img> on another site would sign an editor out."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("POST", "OPTIONS"):
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)
