"""Create the two local demo producer sign-ins for stalls of the demo data; refuses outside DEBUG
unless forced (like catalog's ocop_demo_superuser)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from oscar.core.loading import get_model

from shop.groups import PRODUCERS

Partner = get_model("partner", "Partner")

PASSWORD = "ocop-demo-2025"  # a published demo password: never on a reachable site
# (email, username, the demo stall's name in catalog/data/ocop-products.csv)
DEMO_PRODUCERS = [
    ("hoangtra@cho-ocop.local", "demo-hoangtra", "HTX Hoàng Trà"),
    ("travinhfarm@cho-ocop.local", "demo-travinhfarm", "Công ty TNHH Trà Vinh FARM"),
]


class Command(BaseCommand):
    help = (
        "Create or repair the demo producer sign-ins "
        + ", ".join(email for email, _, _ in DEMO_PRODUCERS)
        + f" / {PASSWORD}, each linked to its demo stall (local development only; run after ocop_load_demo)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    @transaction.atomic
    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a real site. Use --force to create the demo users."
            )
        group = Group.objects.get(name=PRODUCERS)
        for email, username, stall in DEMO_PRODUCERS:
            partner = (
                Partner.objects.filter(name=stall, status=Partner.Status.APPROVED).order_by("pk").first()
            )
            if partner is None:
                raise CommandError(
                    f"No approved stall named {stall!r}: run `manage.py ocop_load_demo` first."
                )
            state = self.producer_ensure(email=email, username=username, partner=partner, group=group)
            self.stdout.write(f"demo producer {email} → {partner.name} (/producers/{partner.code}/): {state}")

    def producer_ensure(self, *, email: str, username: str, partner, group: Group) -> str:
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = User(username=username)
        changed = created or not (user.is_active and user.email == email and not user.is_staff)
        user.email, user.is_active, user.is_staff, user.is_superuser = email, True, False, False
        if created or not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            changed = True
        if changed:
            user.save()
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
            changed = True
        if not partner.users.filter(pk=user.pk).exists():
            partner.users.add(user)
            changed = True
        return "created" if created else "updated" if changed else "unchanged"
