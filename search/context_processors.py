"""The header search box on every page."""

from django.core.exceptions import TooManyFieldsSent
from django.http import HttpRequest


def search_form(request: HttpRequest) -> dict:
    try:
        text = request.GET.get("q", "")
    except TooManyFieldsSent:  # the error page of such a request must still render
        text = ""
    return {"search_query": text[:200]}
