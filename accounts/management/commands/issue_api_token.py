"""Issue an API token for an account from the command line; the secret is printed once and never stored."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Issue an API token for USERNAME named NAME (e.g. the system that will use it); print its secret once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name", help="What the token is for, e.g. 'water gauges gateway'.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active account {options['username']!r}; create it in the admin first.")
        token, raw = ApiToken.issue(user, options["name"])
        self.stdout.write(f"Token {token.name!r} for {user.username} ({user.get_role_display()}). Secret, shown once:")
        self.stdout.write(raw)
