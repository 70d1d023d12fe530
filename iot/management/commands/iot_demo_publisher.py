"""manage.py iot_demo_publisher [--interval S] [--rounds N]: live simulated values for the demo devices over MQTT."""

import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from iot.demo_publisher import DemoPublisher

IDLE_SECONDS = 60  # without demo devices, look again this often (make run starts the publisher in every case)


class Command(BaseCommand):
    help = (
        "Publish simulated readings of the demo devices (iot.demo) to the project's MQTT broker every interval. "
        "The values are simulated, never real measurements; without demo devices the command waits."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between rounds (default 60).")
        parser.add_argument("--rounds", type=int, default=0, help="Stop after this many rounds (0: run until stopped).")

    def handle(self, *args: Any, interval: float, rounds: int, **options: Any) -> None:
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_args: stop.set())
        publisher = DemoPublisher()
        while not publisher.prepare():
            if rounds:
                self.stdout.write("iot demo publisher: no demo device (run manage.py load_demo); nothing to do.")
                return
            stop.wait(IDLE_SECONDS)
            if stop.is_set():
                return
        self.stdout.write(
            f"iot demo publisher: {len(publisher.devices)} simulated devices → "
            f"{settings.IOT_MQTT_HOST}:{settings.IOT_MQTT_PORT} every {interval:g} s (simulated values)"
        )
        self.stdout.flush()
        publisher.connect()
        try:
            done = publisher.run(stop, interval, rounds)
        finally:
            publisher.close()
        self.stdout.write(f"iot demo publisher stopped after {done} rounds")
