"""Content-Security-Policy: the site's policy everywhere, the back offices' where they live.

The policies themselves are settings (CONTENT_SECURITY_POLICY…, shop/settings/base.py); this module
only chooses among them, so the header of any response can be read from the settings alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponseBase


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware; under a back office's prefix (Wagtail's admin, Oscar's dashboard)
    the back office's directives replace the site's. A view's own `csp_replace` still wins."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        back_office = settings.CONTENT_SECURITY_POLICY_BACK_OFFICE
        if not report_only and request.path_info.startswith(tuple(back_office["PREFIXES"])):
            parts.replace = {**back_office["DIRECTIVES"], **(parts.replace or {})}
        return parts
