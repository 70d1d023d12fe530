"""manage.py import_cyber_systems <file.csv>: create or update the inventory of information systems."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.errors import InvalidInput
from sectors.cyber.inventory import COLUMNS, import_csv


class Command(BaseCommand):
    help = f"Import information systems from a UTF-8 CSV with the columns {', '.join(COLUMNS)}."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = import_csv(options["path"].read_text(encoding="utf-8"))
        except InvalidInput as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"cyber: {result.created} systems created, {result.updated} updated.\n")
