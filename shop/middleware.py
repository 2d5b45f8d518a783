"""Vietnamese first: every visitor reads Vietnamese until they choose English."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Use the language the visitor chose (the language cookie), else LANGUAGE_CODE.

    The browser's Accept-Language is not consulted: many shoppers in Vietnam run English
    browsers, and the marketplace speaks Vietnamese unless asked otherwise."""

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
