"""Idempotent demo data: a demo operator, a demo user, and whatever each app's demo.py adds.

Every app may ship ``<app>/demo.py`` with ``seed(*, demo_user, operator, stdout) -> None``;
it runs after the users exist, in the layer order of HARU_APPS. Running this twice changes nothing.
"""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

DEMO_USER = {"email": "demo@haru.local", "password": "haru-demo-2026", "nickname": "하루"}
DEMO_OPERATOR = {"email": "operator@haru.local", "password": "haru-ops-2026", "nickname": "운영자"}


class Command(BaseCommand):
    help = "Create the demo operator and demo user and load each app's demo data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with DEBUG off (never do this on a real deployment).",
        )

    def handle(self, *args, allow_production: bool, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError("seed_demo creates accounts with known passwords; DEBUG is off.")
        with transaction.atomic():
            operator = self._user(DEMO_OPERATOR, is_staff=True, is_superuser=True)
            demo_user = self._user(DEMO_USER, is_staff=False, is_superuser=False)
        for app in settings.HARU_APPS:
            if find_spec(app) and find_spec(f"{app}.demo"):
                with transaction.atomic():
                    import_module(f"{app}.demo").seed(
                        demo_user=demo_user, operator=operator, stdout=self.stdout
                    )
                self.stdout.write(f"  demo data: {app}")

        self.stdout.write(self.style.SUCCESS("\nHaru demo is ready at http://127.0.0.1:8000/"))
        self.stdout.write(
            f"  operator console  /{settings.ADMIN_URL}  "
            f"{DEMO_OPERATOR['email']} / {DEMO_OPERATOR['password']}"
        )
        self.stdout.write(
            f"  demo user         /                 {DEMO_USER['email']} / {DEMO_USER['password']}"
        )

    def _user(self, spec: dict, *, is_staff: bool, is_superuser: bool):
        User = get_user_model()  # noqa: N806
        user = User.objects.filter(email__iexact=spec["email"]).first()
        if user is None:
            user = User.objects.create_user(
                email=spec["email"],
                password=spec["password"],
                nickname=spec["nickname"],
                is_staff=is_staff,
                is_superuser=is_superuser,
            )
        return user
