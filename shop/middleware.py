"""Site-wide middleware: Vietnamese first, and JSON error answers under /api/."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation import gettext as _

from catalog.links import LANGUAGE_PARAMETER


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Use the language the address names (?lang=en), else the one the visitor chose (the language
    cookie), else LANGUAGE_CODE.

    The browser's Accept-Language is not consulted: many shoppers in Vietnam run English
    browsers, and the marketplace speaks Vietnamese unless asked otherwise."""

    def process_request(self, request: HttpRequest) -> None:
        # A page's language version named by its address (?lang=en: hreflang alternates, the sitemap)
        # wins for that request, without changing the visitor's choice.
        try:
            asked = request.GET.get(LANGUAGE_PARAMETER, "")
        except SuspiciousOperation:  # too many parameters: the view answers 400
            asked = ""
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        languages = dict(settings.LANGUAGES)
        language = next((code for code in (asked, chosen) if code in languages), settings.LANGUAGE_CODE)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ApiErrorsAsJsonMiddleware:
    """Under /api/, an error page (an unknown URL, a wrong method, an unhandled exception) is
    answered as JSON `{"error": reason}` with its status; elsewhere the HTML pages stay.

    Django's handler has already turned the exception into its response (and logged it) when this
    sees it, so only the body changes. Answers that already are JSON pass untouched."""

    prefix = "/api/"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith(self.prefix)
            or response.streaming
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        reasons = {
            400: _("Bad request."),
            403: _("Forbidden."),
            404: _("Not found."),
            405: _("Method not allowed."),
            500: _("Server error: the incident has been logged."),
        }
        reason = reasons.get(response.status_code, response.reason_phrase)
        answer = JsonResponse(
            {"error": str(reason)}, status=response.status_code, json_dumps_params={"ensure_ascii": False}
        )
        if "Allow" in response:
            answer["Allow"] = response["Allow"]
        return answer
