"""Issue an Open311 api_key to a client application; the key is printed once and only its hash is kept."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from fieldreports.models import Open311Client


class Command(BaseCommand):
    help = "Issue an api_key for POST /open311/v2/requests to a named client application; prints the key once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="The application, e.g. 'Công dân số Khánh Hòa'.")
        parser.add_argument("--organisation", default="", help="Who runs it.")
        parser.add_argument(
            "--shared-address",
            action="store_true",
            help="A server-side gateway posting for many people from one address (no per-address limit).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        client, raw = Open311Client.issue(
            options["name"], organisation=options["organisation"], shared_address=options["shared_address"]
        )
        self.stdout.write(f"Open311 client #{client.pk} {client.name}: api_key={raw}\n")
        self.stdout.write("Copy it now; it is not stored and will not be shown again.\n")
