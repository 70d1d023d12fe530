"""manage.py iot_tick [--loop]: the IoT periodic checks (partitions, silent devices, hourly VN_AQI, commands)."""

import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from iot.api import run_periodic


class Command(BaseCommand):
    help = "Run the IoT periodic checks once (for cron) or every IOT_TICK_SECONDS with --loop."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Repeat until stopped.")

    def handle(self, *args: Any, loop: bool, **options: Any) -> None:
        if not loop:
            self.stdout.write(f"iot: {run_periodic()}")
            return
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_args: stop.set())
        while not stop.is_set():
            self.stdout.write(f"iot: {run_periodic()}")
            stop.wait(settings.IOT_TICK_SECONDS)
