"""manage.py generate_report monthly [--period 2026-11-01]: write a periodic report now (PDF, XLSX, archive)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from reports.generation import generate
from reports.models import Report
from reports.periods import last_closed


class Command(BaseCommand):
    help = "Generate the weekly, monthly or quarterly report of a period (default: the latest that has ended)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=Report.Kind.values)
        parser.add_argument("--period", default="", help="A day in the period, YYYY-MM-DD (default: the last one).")

    def handle(self, *args: Any, kind: str, period: str, **options: Any) -> None:
        try:
            day = datetime.date.fromisoformat(period) if period else last_closed(kind, timezone.localdate())[0]
        except ValueError:
            raise CommandError(f"--period {period!r} is not a date; write it as YYYY-MM-DD.") from None
        report = generate(kind, day)
        self.stdout.write(f"{report}: {report.pdf.name}, {report.xlsx.name}")
