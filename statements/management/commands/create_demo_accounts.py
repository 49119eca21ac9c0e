import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from accounts.services import second_factor_issue
from statements.roles import EDITORS, FACT_CHECKERS

DEMO_ACCOUNTS = [("editor", EDITORS), ("factchecker", FACT_CHECKERS)]


class Command(BaseCommand):
    help = (
        "For `make run` only: on a developer's machine (DEBUG on) with no users yet, create "
        "one editor and one fact-checker with random passwords, printed once. The editor must "
        "use a second factor: the command sets up an authenticator for it and prints its key "
        "and recovery codes, once."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for local development only: DEBUG is off.")
        User = get_user_model()
        if User.objects.exists():
            self.stdout.write("Users already exist; no demo accounts were created.")
            return
        self.stdout.write("Demo accounts for the desk at /admin/ (shown once, not stored):")
        for username, group_name in DEMO_ACCOUNTS:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(username=username, password=password, is_staff=True)
            user.groups.add(Group.objects.get(name=group_name))
            self.stdout.write(f"  {username:<12} {password}   ({group_name})")
            if user.requires_second_factor:
                self._second_factor(user)

    def _second_factor(self, user):
        # Done here so that `make run` gives a working editor: add the key to an
        # authenticator app, or sign in with one of the single-use recovery codes.
        device, codes = second_factor_issue(user=user)
        self.stdout.write(
            f"  {'':<12} second factor, add to an authenticator app: {device.config_url}"
        )
        self.stdout.write(f"  {'':<12} or use a recovery code once: {' '.join(codes)}")
