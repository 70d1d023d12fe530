"""What ingestion needs to know about a device, loaded once and kept for a short while by the subscriber."""

import dataclasses
import time

from django.conf import settings
from django.contrib.gis.geos import Point

from iot.models import Device, DeviceQuantity


@dataclasses.dataclass(frozen=True)
class DeviceInfo:
    """A registered device as ingestion and the rules see it."""

    id: int
    code: str
    kind: str
    status: str
    token_hash: str | None
    position: Point
    unit_id: int | None
    agency_id: int
    bounds: dict[str, tuple[float, float]]
    alarm_levels: tuple[float | None, float | None, float | None]

    @property
    def retired(self) -> bool:
        return self.status == Device.Status.RETIRED

    @property
    def watched(self) -> bool:
        """Whether rules look at its readings (a device under maintenance reports, but raises nothing)."""
        return self.status == Device.Status.ACTIVE


def info_of(device: Device, quantities: list[DeviceQuantity] | None = None) -> DeviceInfo:
    """Build the DeviceInfo of one device (its quantities are read unless given)."""
    rows = quantities if quantities is not None else list(device.device_quantities.select_related("quantity"))
    return DeviceInfo(
        id=device.pk, code=device.code, kind=device.kind, status=device.status, token_hash=device.token_hash,
        position=device.position, unit_id=device.unit_id, agency_id=device.agency_id,
        bounds={row.quantity.code: row.bounds() for row in rows}, alarm_levels=device.alarm_levels(),
    )  # fmt: skip


def load_all() -> dict[str, DeviceInfo]:
    """Every registered device by identifier, with two queries."""
    by_device: dict[int, list[DeviceQuantity]] = {}
    for row in DeviceQuantity.objects.select_related("quantity"):
        by_device.setdefault(row.device_id, []).append(row)
    return {device.code: info_of(device, by_device.get(device.pk, [])) for device in Device.objects.all()}


class Directory:
    """The registered devices by identifier, reloaded every few seconds and when an unknown one shows up.

    A changed token or bounds takes effect within IOT_DEVICE_CACHE_SECONDS; an unknown identifier reloads at
    most once a second, so a flood of made-up identifiers cannot hammer the database.
    """

    def __init__(self, ttl: float | None = None) -> None:
        self.ttl = float(settings.IOT_DEVICE_CACHE_SECONDS if ttl is None else ttl)
        self._devices: dict[str, DeviceInfo] = {}
        self._loaded_at = float("-inf")

    def get(self, code: str) -> DeviceInfo | None:
        now = time.monotonic()
        if now - self._loaded_at > self.ttl:
            self.reload()
        info = self._devices.get(code)
        if info is None and now - self._loaded_at > 1.0:
            self.reload()
            info = self._devices.get(code)
        return info

    def reload(self) -> None:
        self._devices = load_all()
        self._loaded_at = time.monotonic()

    def by_id(self) -> dict[int, DeviceInfo]:
        return {info.id: info for info in self._devices.values()}
