"""The header search box on every page."""

from django.http import HttpRequest


def search_form(request: HttpRequest) -> dict:
    return {"search_query": request.GET.get("q", "")[:200]}
