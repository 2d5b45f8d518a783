"""Cancel card orders left unpaid: their PaymentIntent is cancelled and their stock goes back."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from shop.payment import services


class Command(BaseCommand):
    help = (
        "Cancel card orders still unpaid after --minutes (default 60): cancel the PaymentIntent at "
        "Stripe, give the stock back, mark the order cancelled. Run it from cron every few minutes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--minutes", type=int, default=60, help="Age of an unpaid order to cancel it.")

    def handle(self, *args, minutes: int, **options) -> None:
        if minutes < 15:
            raise CommandError("--minutes must be at least 15: customers need time to pay.")
        unpaid = list(services.card_orders_unpaid(older_than=timedelta(minutes=minutes)))
        cancelled, failed = 0, []
        for payment in tqdm(unpaid, desc="unpaid card orders", unit="order", disable=not unpaid):
            try:
                services.order_payment_cancel(order=payment.order)
                cancelled += 1
            except services.CardPaymentError as exc:
                failed.append(f"order {payment.order.number}: {exc}")
        self.stdout.write(f"{cancelled} unpaid card orders cancelled, {len(failed)} left")
        for problem in failed:
            self.stderr.write(problem)
