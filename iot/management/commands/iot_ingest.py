"""manage.py iot_ingest: the MQTT subscriber (readings and command answers), plus the periodic checks."""

import logging
import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, connection
from django.utils import timezone

from core.errors import IOCError
from core.models import WorkerHeartbeat
from iot import mqtt
from iot.api import run_periodic
from iot.ingestion import Outcome
from iot.subscriber import Subscriber

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Subscribe to ioc/sensors/+/readings and +/acks, store readings in batches, acknowledge after commit."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-periodic", action="store_true", help="Leave the periodic checks to iot_tick.")
        parser.add_argument("--verbose-batches", action="store_true", help="Print one line per committed batch.")

    def handle(self, *args: Any, no_periodic: bool, verbose_batches: bool, **options: Any) -> None:
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_args: stop.set())
        on_commit = self._print if verbose_batches else None
        subscriber = Subscriber(stop, on_commit=on_commit)
        ticker = None
        if not no_periodic:
            ticker = threading.Thread(target=self._tick, args=(stop,), name="iot-periodic", daemon=True)
            ticker.start()
        self.stdout.write(
            f"iot ingest: {settings.IOT_MQTT_HOST}:{settings.IOT_MQTT_PORT} {mqtt.subscription(mqtt.READINGS)} "
            f"as {subscriber.client_id}"
        )
        self.stdout.flush()
        subscriber.run()
        if ticker is not None:
            ticker.join(timeout=30)
        self.stdout.write("iot ingest stopped")

    def _print(self, outcome: Outcome) -> None:
        self.stdout.write(
            f"batch stored={outcome.stored} duplicates={outcome.duplicates} refused={outcome.refused} "
            f"answers={outcome.answers} rule_changes={outcome.rule_changes}"
        )
        self.stdout.flush()

    def _tick(self, stop: threading.Event) -> None:
        """Run the periodic checks in their own thread (and database connection) beside the subscriber."""
        started = timezone.now()
        while not stop.is_set():
            try:
                report = run_periodic()
                logger.debug("iot periodic: %s", report)
                WorkerHeartbeat.beat("iot", started)  # /healthz reads it: the subscriber process is alive
            except (DatabaseError, IOCError) as exc:
                # The next tick tries again; ingestion is not affected.
                logger.error("iot periodic checks failed: %s", exc)
                connection.close()
            stop.wait(settings.IOT_TICK_SECONDS)
        connection.close()
