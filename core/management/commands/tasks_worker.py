"""manage.py tasks_worker: CAP feeds, data pulls, freshness and deadline checks, reports and backups when due."""

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from core import periodic
from core.supervision import run_supervised


class Command(BaseCommand):
    help = "Run the periodic tasks (feeds, pulls, checks, reports, backups) as they fall due, apart from alerts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=10.0, help="Seconds between looks (default 10).")

    def handle(self, *args: Any, interval: float, **options: Any) -> None:
        if interval <= 0:
            raise CommandError("--interval must be positive.")
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_args: stop.set())
        self.stdout.write(f"tasks worker started: looks every {interval:g} s")
        self.stdout.flush()
        run_supervised("tasks", _one_pass, interval, stop)
        self.stdout.write("tasks worker stopped")


def _one_pass() -> bool:
    """Run the tasks that are due; never ask for an immediate next pass (each task keeps its own interval)."""
    periodic.run_due(timezone.now())
    return False
