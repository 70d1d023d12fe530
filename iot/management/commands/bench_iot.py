"""Time sustained MQTT ingestion and reading-to-alert latency in a throw-away database (see iot.bench)."""

import datetime
import os
import time
import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.test import override_settings

from iot import bench

WARM_UP_AT = datetime.datetime(2025, 12, 31, tzinfo=datetime.UTC)


class Command(BaseCommand):
    help = "Publish readings over the real broker to a running iot_ingest; print readings/s and alert latency."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--readings", type=int, default=100_000, help="Readings published in the rate test.")
        parser.add_argument("--values", type=int, default=1, help="Values per message (1 = one reading each).")
        parser.add_argument("--devices", type=int, default=20, help="Devices publishing the stream.")
        parser.add_argument(
            "--crossings", type=int, default=200, help="Threshold crossings timed (idle + loaded; 100 each for a p95)."
        )
        parser.add_argument("--load", type=float, default=2500.0, help="Background readings/s for loaded latency.")

    def handle(self, *args: Any, **options: Any) -> None:
        original = connection.settings_dict["NAME"]
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"bench_iot_{os.getpid()}"
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            prefix = f"bench-{uuid.uuid4().hex[:8]}"
            with override_settings(IOT_MQTT_TOPIC_PREFIX=prefix):
                self._run(prefix, options)
        finally:
            connection.creation.destroy_test_db(original, verbosity=0)

    def _run(self, prefix: str, options: dict[str, Any]) -> None:
        per_message = max(1, min(options["values"], len(bench.QUANTITIES)))
        fleet = bench.Fleet(options["devices"], options["crossings"])
        ingest = bench.Ingest(prefix)
        try:
            devices = bench.Devices(prefix, fleet)
        except OSError:
            ingest.process.terminate()  # no broker: stop the subscriber rather than leave it running
            ingest.process.wait(30)
            raise
        try:
            if not self._ready(devices, fleet):
                return
            bench.throughput(ingest, fleet, prefix, options["readings"], per_message, self.stdout)
            half = len(fleet.latency) // 2
            bench.latency(devices, fleet.latency[:half], "idle", self.stdout)
            label = f"under {options['load']:,.0f} readings/s"
            bench.under_load(
                fleet,
                prefix,
                options["load"],
                lambda: bench.latency(devices, fleet.latency[half:], label, self.stdout),
            )
        finally:
            devices.close()
            ingest.stop()

    def _ready(self, devices: bench.Devices, fleet: bench.Fleet) -> bool:
        """Publish a warm-up reading until iot_ingest stores it (it needs a few seconds to start)."""
        started = time.perf_counter()

        def stored() -> bool:
            devices.publish(fleet.streaming[0], WARM_UP_AT, {"pm25": 1.0})
            return bench.count_readings() > 0

        if bench.wait_until(stored, timeout=60, pause=0.5) is None:
            self.stderr.write("iot_ingest did not store a reading within 60 s; is Mosquitto running?")
            return False
        self.stdout.write(f"subscriber ready after {time.perf_counter() - started:.1f} s")
        return True
