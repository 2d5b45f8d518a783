"""Push notifications of incoming transfers from a bank-notification service (SePay style): the
secret token checked, the body checked field by field, the transfer recorded once.

The service POSTs one JSON body per bank transaction with `Authorization: Apikey <token>` and
retries until it gets a 2xx answer, so a replay must be answered 200 and change nothing: the
transfer is recorded by `bank_transfer_record`, idempotent by the transaction's `id` (the one the
service documents as unique). The bank's own `referenceCode` is kept beside it: the bank's
statement lists the transfer under that reference, so importing the statement later finds it
recorded (with the same amount; a reference alone is not trusted to be unique).
"""

from __future__ import annotations

import hmac
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from oscar.core.loading import get_model

from .statements import BANK_TIME_ZONE
from .transfers import bank_transfer_record

logger = logging.getLogger(__name__)

BankTransfer = get_model("payment", "BankTransfer")

DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
MAX_BODY_BYTES = 64 * 1024
MAX_ID_LENGTH = BankTransfer._meta.get_field("transaction_id").max_length


class NotificationRejected(Exception):
    """The request is refused; `status` is the HTTP status to answer, the message its reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


@dataclass(frozen=True)
class TransferNotification:
    """The fields of a notification the shop reads."""

    transaction_id: str
    direction: str
    amount: int
    content: str
    received_at: datetime
    bank_reference: str = ""


def notification_token() -> str:
    """The shared secret; empty when the endpoint is switched off."""
    return getattr(settings, "VIETQR_WEBHOOK_TOKEN", "") or ""


def notification_authorize(*, authorization: str) -> None:
    """Accept `Apikey <token>` with our token (compared in constant time); NotificationRejected
    404 when no token is configured (the endpoint is off), 401 otherwise."""
    token = notification_token()
    if not token:
        raise NotificationRejected(404, "Transfer notifications are not configured.")
    scheme, _, given = authorization.strip().partition(" ")
    if scheme.lower() != "apikey" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise NotificationRejected(401, "Missing or wrong API key.")


def notification_parse(body: bytes) -> TransferNotification:
    """The notification in a JSON body; NotificationRejected 400 naming the first bad field."""
    if len(body) > MAX_BODY_BYTES:
        raise NotificationRejected(400, "Body too large.")
    try:
        values = json.loads(body)
    except ValueError as exc:  # not UTF-8, not JSON
        raise NotificationRejected(400, "Body is not JSON.") from exc
    if not isinstance(values, dict):
        raise NotificationRejected(400, "Body is not a JSON object.")
    transaction_id = _identifier(values)
    if len(transaction_id) > MAX_ID_LENGTH:
        raise NotificationRejected(400, f"The transaction id is longer than {MAX_ID_LENGTH} characters.")
    direction = _text(values, "transferType")
    if direction not in ("in", "out"):
        raise NotificationRejected(400, f"transferType is {direction!r}, not 'in' or 'out'.")
    amount = values.get("transferAmount")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise NotificationRejected(400, f"transferAmount is {amount!r}, not a whole number of đồng > 0.")
    date = _text(values, "transactionDate")
    try:
        received_at = datetime.strptime(date, DATE_FORMAT).replace(tzinfo=BANK_TIME_ZONE)
    except ValueError as exc:
        raise NotificationRejected(400, f"transactionDate is {date!r}, not Y-m-d H:M:S.") from exc
    content = _text(values, "content", required=False)
    reference = _text(values, "referenceCode", required=False)
    if len(reference) > MAX_ID_LENGTH:
        raise NotificationRejected(400, f"referenceCode is longer than {MAX_ID_LENGTH} characters.")
    return TransferNotification(transaction_id, direction, amount, content, received_at, reference)


def _identifier(values: dict[str, Any]) -> str:
    value = values.get("id")
    if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip():
        raise NotificationRejected(400, "id is missing or not a number or text.")
    return str(value).strip()


def _text(values: dict[str, Any], name: str, *, required: bool = True) -> str:
    value = values.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise NotificationRejected(400, f"{name} is missing or not text.")
    return value.strip()


def transfer_notification_handle(*, body: bytes, authorization: str) -> str:
    """Authorize, check and record one notification; what happened ("recorded", "already
    recorded", "ignored: outgoing"). Raises NotificationRejected, having recorded nothing."""
    notification_authorize(authorization=authorization)
    notification = notification_parse(body)
    if notification.direction == "out":
        return "ignored: outgoing"
    try:
        transfer, created = bank_transfer_record(
            transaction_id=notification.transaction_id,
            amount=notification.amount,
            description=notification.content,
            received_at=notification.received_at,
            bank_reference=notification.bank_reference,
            source=BankTransfer.Source.NOTIFICATION,
        )
    except ValidationError as exc:
        raise NotificationRejected(400, "; ".join(exc.messages)) from exc
    logger.info("Transfer notification %s: %s", transfer.transaction_id, transfer.outcome)
    return "recorded" if created else "already recorded"
