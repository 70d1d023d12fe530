"""manage.py alerts_worker [--once]: mark overdue steps, send reminders, run due rules and send messages."""

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from delivery.worker import run_forever, run_pass


class Command(BaseCommand):
    help = "Act on due alert deadlines and reminders, run due rules, send messages; copies may run side by side."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Do one pass and exit (for cron and tests).")
        parser.add_argument("--interval", type=float, default=15.0, help="Seconds between passes (default 15).")
        parser.add_argument("--batch", type=int, default=500, help="Alerts handled per pass at most (default 500).")

    def handle(self, *args: Any, once: bool, interval: float, batch: int, **options: Any) -> None:
        if interval <= 0 or batch <= 0:
            raise CommandError("--interval and --batch must be positive.")
        if once:
            self.stdout.write(f"alerts worker: {run_pass(batch)}")
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_args: stop.set())
        self.stdout.write(f"alerts worker started: every {interval:g} s, {batch} alerts per pass")
        run_forever(interval, batch, stop)
        self.stdout.write("alerts worker stopped")
