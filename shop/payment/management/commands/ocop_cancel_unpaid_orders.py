"""Cancel orders left unpaid: card orders (their PaymentIntent is cancelled) and bank-transfer
orders still awaiting their transfer; their stock goes back."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from shop.payment import services, transfers


class Command(BaseCommand):
    help = (
        "Cancel card orders still unpaid after --minutes (default 60): cancel the PaymentIntent at "
        "Stripe, give the stock back, mark the order cancelled. Cancel bank-transfer orders whose "
        "transfer has not arrived after --transfer-hours (default 24) the same way; partly paid ones "
        "hold the buyer's money and are left to staff. A transfer arriving after the cancellation "
        "is recorded as late, to refund. Run it from cron every few minutes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--minutes", type=int, default=60, help="Age of an unpaid card order to cancel it."
        )
        parser.add_argument(
            "--transfer-hours",
            type=int,
            default=24,
            help="Age of an unpaid bank-transfer order to cancel it.",
        )

    def handle(self, *args, minutes: int, transfer_hours: int, **options) -> None:
        if minutes < 15:
            raise CommandError("--minutes must be at least 15: customers need time to pay.")
        if transfer_hours < 1:
            raise CommandError("--transfer-hours must be at least 1: buyers need time to transfer.")
        self._cancel_card_orders(timedelta(minutes=minutes))
        self._cancel_transfer_orders(timedelta(hours=transfer_hours))

    def _cancel_card_orders(self, older_than: timedelta) -> None:
        unpaid = list(services.card_orders_unpaid(older_than=older_than))
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

    def _cancel_transfer_orders(self, older_than: timedelta) -> None:
        unpaid = list(transfers.bank_transfer_orders_unpaid(older_than=older_than))
        cancelled = 0
        for payment in tqdm(unpaid, desc="unpaid bank-transfer orders", unit="order", disable=not unpaid):
            cancelled += transfers.bank_transfer_order_cancel(order=payment.order)
        self.stdout.write(f"{cancelled} unpaid bank-transfer orders cancelled")
