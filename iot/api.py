"""Plain functions other apps (and iot's own commands and views) call: ingest a payload, run the periodic checks.

- ingest(device, body): store a reading payload for a device (as the HTTP API does) and run the sensor rules.
- feed_rules(observations): offer values to the alert engine's sensor rules (threshold, water-level alarm), with
  hysteresis; ingestion calls it for every new reading, iot.air for the hourly VN_AQI.
- run_periodic(now): what must happen every minute or so — partitions ahead and retention, silent devices,
  the hourly VN_AQI, the VN_WQI of new water samples, unanswered street-light commands. `manage.py iot_tick`
  and the subscriber call it; the alerts worker may too.
"""

import dataclasses
import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iot import air, ingestion, layer, lights, partitions, silence, thresholds, water
from iot.directory import DeviceInfo, info_of
from iot.models import Device, Reject
from iot.payloads import Refused, samples


def ingest(device: Device | DeviceInfo, body: dict[str, Any], channel: str = Reject.Channel.HTTP,
           now: datetime.datetime | None = None) -> ingestion.Outcome:  # fmt: skip
    """Check a payload ({at, values} or {samples: […]}) of an authenticated device and store it; Refused if bad."""
    info = device if isinstance(device, DeviceInfo) else info_of(device)
    now = now or timezone.now()
    if info.retired:
        raise Refused(Reject.Reason.DEVICE_RETIRED, _("Device '%(code)s' is retired.") % {"code": info.code})
    batch = ingestion.Batch(channel, now)
    batch.readings.append((info, samples(body, info, now)))
    return ingestion.commit(batch)


def feed_rules(observations: list[thresholds.Observation], devices: dict[int, DeviceInfo]) -> list[thresholds.Change]:
    """Offer new values to the sensor rules; returns the level changes (each one raised, escalated or cleared)."""
    with transaction.atomic():
        return thresholds.evaluate(observations, devices)


@dataclasses.dataclass
class PeriodicReport:
    partitions_created: list[str] = dataclasses.field(default_factory=list)
    partitions_dropped: list[str] = dataclasses.field(default_factory=list)
    silent_alerts: int = 0
    recovered: int = 0
    aqi_hours: int = 0
    wqi_samples: int = 0
    unanswered_commands: int = 0

    def __str__(self) -> str:
        return (
            f"partitions +{len(self.partitions_created)} -{len(self.partitions_dropped)}, "
            f"silent devices alerted {self.silent_alerts}, recovered {self.recovered}, "
            f"AQI stations computed {self.aqi_hours}, water samples rated {self.wqi_samples}, "
            f"commands unanswered {self.unanswered_commands}"
        )


def run_periodic(now: datetime.datetime | None = None) -> PeriodicReport:
    """Run every periodic task once; each is idempotent, so copies side by side do no harm."""
    now = now or timezone.now()
    report = PeriodicReport()
    before = set(partitions.existing())
    months = partitions.ensure_ahead(now)
    report.partitions_created = [partitions.partition_name(month) for month in months if month not in before]
    report.partitions_dropped = partitions.drop_expired(now)
    silent = silence.check(now)
    report.silent_alerts, report.recovered = len(silent.raised), len(silent.recovered)
    report.aqi_hours = len(air.compute_due(now))
    report.wqi_samples = len(water.compute_due(now))
    report.unanswered_commands = lights.expire_unanswered(now)
    layer.touch()  # new latest values and AQI reach the catalogue's tiles and OGC responses
    return report
