"""manage.py periodic_tasks [--all]: run the periodic tasks that are due once (for cron; the worker runs them too)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from core.periodic import run_due


class Command(BaseCommand):
    help = "Run the due periodic tasks once: data pulls and freshness, indicator deadlines, reports, backups."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="Run every task now, due or not.")

    def handle(self, *args: Any, all: bool, **options: Any) -> None:
        for run in run_due(timezone.now(), force=all):
            self.stdout.write(f"{run.name}: {run.summary or 'nothing to do'}")
