"""Email producers whose OCOP certificates reach 90, 30 or 0 days before expiry (run it daily)."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from tqdm import tqdm

from shop.partner import reminders


class Command(BaseCommand):
    help = (
        "Email each producer once at 90, 30 and 0 days before a certificate of its products expires "
        "(one email per producer per run). Idempotent: run it daily, from cron or a django-tasks job."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="Date to run as (YYYY-MM-DD).")

    def handle(self, *args, today: datetime.date | None, **options) -> None:
        today = today or timezone.localdate()
        due = reminders.certificate_reminders_due(today=today)
        emails = products = 0
        for producer in tqdm(due, desc="producers", unit="producer", disable=len(due) < 20):
            listed = reminders.certificate_reminder_send(due=producer, today=today)
            emails += bool(listed)
            products += listed
        self.stdout.write(f"{emails} reminder emails sent about {products} certificates")
