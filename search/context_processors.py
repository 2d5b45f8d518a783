"""The header search box on every page, and the version that keys cached product cards."""

from django.core.exceptions import TooManyFieldsSent
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from .catalogue_version import catalogue_version


def search_form(request: HttpRequest) -> dict:
    try:
        text = request.GET.get("q", "")
    except TooManyFieldsSent:  # the error page of such a request must still render
        text = ""
    return {"search_query": text[:200]}


def listing_version(request: HttpRequest) -> dict:
    """The catalogue version and today's date (a certificate's badge follows the calendar), read
    from the cache only if the page renders a product card (components/product_card.html)."""
    return {"listing_version": SimpleLazyObject(lambda: f"{catalogue_version()}:{timezone.localdate()}")}
