"""Signing out by POST only."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.generic.base import TemplateResponseMixin
from oscar.apps.customer import views as oscar_views


class LogoutView(TemplateResponseMixin, oscar_views.LogoutView):
    """Signing out changes state, so it takes a POST with its CSRF token: a GET (a link planted in
    another site's <img>, a prefetcher) only shows the form that asks to confirm it."""

    template_name = "oscar/customer/logout.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response({})

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Oscar's sign-out: the session ends, its cookies are deleted, then home.
        return super().get(request, *args, **kwargs)
