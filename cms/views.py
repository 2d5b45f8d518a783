"""Content views outside Wagtail's page routing: the fairs feed, whose `.ics` name Wagtail's page
URLs cannot serve (their path segments hold no dot)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
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
