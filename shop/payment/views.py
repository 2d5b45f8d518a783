"""The bank-transfer notification endpoint (`checkout:bank-transfer-notify`): no session, no CSRF
token; the shared secret in its Authorization header is checked instead."""

from __future__ import annotations

from typing import Any

from django import http
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from .notifications import NotificationRejected, transfer_notification_handle


@method_decorator(csrf_exempt, name="dispatch")
class BankTransferNotifyView(View):
    """`POST /checkout/bank-transfer/notify/`: 200 `{"success": true}` once recorded (a replay
    too), 401 for a wrong key, 400 with the reason for a malformed body, 404 when switched off."""

    http_method_names = ["post"]

    def post(self, request: http.HttpRequest, *args: Any, **kwargs: Any) -> http.HttpResponse:
        try:
            outcome = transfer_notification_handle(
                body=request.body, authorization=request.headers.get("Authorization", "")
            )
        except NotificationRejected as exc:
            return http.JsonResponse({"success": False, "error": str(exc)}, status=exc.status)
        return http.JsonResponse({"success": True, "outcome": outcome})
