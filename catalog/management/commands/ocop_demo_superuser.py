"""Create the local demo superuser (admin@cho-ocop.local); refuses outside DEBUG unless forced."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

USERNAME = "admin"
EMAIL = "admin@cho-ocop.local"
PASSWORD = "ocop-demo-2025"  # a published demo password: never on a reachable site


class Command(BaseCommand):
    help = f"Create or repair the demo superuser {EMAIL} / {PASSWORD} (local development only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a real site. Use --force to create the demo user."
            )
        User = get_user_model()
        user = User.objects.filter(username=USERNAME).first()
        created = user is None
        if created:
            user = User(username=USERNAME)
        changed = created or not (
            user.is_staff and user.is_superuser and user.is_active and user.email == EMAIL
        )
        user.email, user.is_staff, user.is_superuser, user.is_active = EMAIL, True, True, True
        if created or not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            changed = True
        if changed:
            user.save()
        state = "created" if created else "updated" if changed else "unchanged"
        self.stdout.write(f"demo superuser {EMAIL} ({USERNAME}): {state}")
