"""Demo data of iot: the device layer in the catalogue, and simulated devices across the demo province.

The devices (codes "demo-…", each named "(mô phỏng)") are weather stations, rain gauges, water-level gauges,
air- and water-quality stations, street-light cabinets, traffic cameras and water and electricity meters, placed
near the province's towns. Their values are simulated (iot.simulation): the loader writes the last HISTORY_DAYS
of hourly values through the real ingestion and computes the hourly and daily VN_AQI, the VN_WQI of each sample
and the meters' days from them; `manage.py iot_demo_publisher` then publishes live simulated values over MQTT.
One water station is simulated polluted and one water meter leaking, so that their rules have something to show.
A second run changes nothing.
"""

import dataclasses
import datetime
from io import TextIOBase

from django.contrib.gis.geos import Point
from django.db import transaction
from django.utils import timezone

from agencies.models import Agency
from iot import air, air_daily, api, layer, meters, simulation, water
from iot.models import Device, DeviceQuantity, LatestValue, Quantity

PREFIX = "demo-"
HISTORY_DAYS = 3
SIMULATED = "Thiết bị mô phỏng (dữ liệu demo): các giá trị do chương trình mô phỏng tạo ra, không phải số đo thật."
WEATHER = ("temperature", "humidity", "pressure", "wind_speed", "wind_direction", "rainfall")
AIR = ("pm25", "pm10", "o3", "no2", "so2", "co", "temperature", "humidity")
WATER = ("ph", "water_temperature", "dissolved_oxygen", "bod5", "cod", "n_nh4", "n_no3", "p_po4", "coliform",
         "turbidity", "tss")  # fmt: skip


@dataclasses.dataclass(frozen=True)
class DemoDevice:
    """One simulated device: where it stands, who owns it, what it reports and how it behaves."""

    code: str
    name: str
    kind: str
    agency: str
    lon: float
    lat: float
    quantities: tuple[str, ...]
    interval: int = 300
    traits: frozenset[str] = frozenset()
    alarm_levels: tuple[float, float, float] | None = None

    @property
    def full_code(self) -> str:
        return PREFIX + self.code


K = Device.Kind
KTTV, NNMT, XD, CA = "dai-kttv-kh", "so-nnmt", "so-xd", "ca-tinh"
DEVICES = (
    DemoDevice("weather-nha-trang", "Trạm khí tượng Nha Trang", K.WEATHER, KTTV, 109.154, 12.262, WEATHER),
    DemoDevice("weather-cam-ranh", "Trạm khí tượng Cam Ranh", K.WEATHER, KTTV, 109.166, 11.968, WEATHER),
    DemoDevice("weather-phan-rang", "Trạm khí tượng Phan Rang", K.WEATHER, KTTV, 108.985, 11.560, WEATHER),
    DemoDevice("weather-khanh-son", "Trạm khí tượng Khánh Sơn", K.WEATHER, KTTV, 108.904, 12.012, WEATHER),
    DemoDevice("rain-khanh-vinh", "Trạm đo mưa Khánh Vĩnh", K.RAIN_GAUGE, KTTV, 108.920, 12.172, ("rainfall",)),
    DemoDevice("rain-dien-khanh", "Trạm đo mưa Diên Khánh", K.RAIN_GAUGE, KTTV, 109.112, 12.236, ("rainfall",)),
    DemoDevice("rain-ninh-hoa", "Trạm đo mưa Ninh Hòa", K.RAIN_GAUGE, KTTV, 109.150, 12.518, ("rainfall",)),
    DemoDevice("rain-bac-ai", "Trạm đo mưa Bác Ái", K.RAIN_GAUGE, KTTV, 108.835, 11.833, ("rainfall",)),
    DemoDevice("level-song-cai-dien-khanh", "Trạm thủy văn sông Cái (Diên Khánh)", K.WATER_LEVEL, KTTV, 109.067,
               12.259, ("water_level",), alarm_levels=(3.0, 4.0, 5.0)),
    DemoDevice("level-song-dinh-ninh-hoa", "Trạm thủy văn sông Dinh (Ninh Hòa)", K.WATER_LEVEL, KTTV, 109.151,
               12.520, ("water_level",), traits=frozenset({"high_water"}), alarm_levels=(2.5, 3.5, 4.5)),
    DemoDevice("level-song-dinh-phan-rang", "Trạm thủy văn sông Dinh (Phan Rang)", K.WATER_LEVEL, KTTV, 108.961,
               11.595, ("water_level",), alarm_levels=(3.0, 4.0, 5.0)),
    DemoDevice("air-nha-trang", "Trạm quan trắc không khí Nha Trang", K.AIR_QUALITY, NNMT, 109.173, 12.240, AIR),
    DemoDevice("air-cam-ranh", "Trạm quan trắc không khí Cam Ranh", K.AIR_QUALITY, NNMT, 109.167, 11.966, AIR),
    DemoDevice("air-phan-rang", "Trạm quan trắc không khí Phan Rang", K.AIR_QUALITY, NNMT, 108.987, 11.561, AIR),
    DemoDevice("air-ninh-hoa", "Trạm quan trắc không khí Ninh Hòa", K.AIR_QUALITY, NNMT, 109.152, 12.516, AIR),
    DemoDevice("water-song-cai", "Trạm quan trắc nước sông Cái (Nha Trang)", K.WATER_QUALITY, NNMT, 109.113, 12.234,
               WATER, interval=900),
    DemoDevice("water-song-dinh-ninh-hoa", "Trạm quan trắc nước sông Dinh (Ninh Hòa)", K.WATER_QUALITY, NNMT,
               109.082, 12.413, WATER, interval=900),
    DemoDevice("water-song-dinh-phan-rang", "Trạm quan trắc nước sông Dinh (Phan Rang)", K.WATER_QUALITY, NNMT,
               108.943, 11.519, WATER, interval=900, traits=frozenset({"polluted"})),
    DemoDevice("water-ho-da-ban", "Trạm quan trắc nước hồ Đá Bàn", K.WATER_QUALITY, NNMT, 109.060, 12.671, WATER,
               interval=900),
    DemoDevice("light-tran-phu", "Tủ điện chiếu sáng đường Trần Phú (Nha Trang)", K.STREET_LIGHT, XD, 109.196,
               12.236, ("lamp_state", "brightness", "power", "voltage"), traits=frozenset({"lights"})),
    DemoDevice("light-thai-nguyen", "Tủ điện chiếu sáng đường Thái Nguyên (Nha Trang)", K.STREET_LIGHT, XD, 109.180,
               12.246, ("lamp_state", "brightness", "power", "voltage"), traits=frozenset({"lights"})),
    DemoDevice("light-cam-ranh", "Tủ điện chiếu sáng Cam Ranh", K.STREET_LIGHT, XD, 109.160, 11.920,
               ("lamp_state", "brightness", "power", "voltage"), traits=frozenset({"lights"})),
    DemoDevice("light-phan-rang", "Tủ điện chiếu sáng Phan Rang", K.STREET_LIGHT, XD, 108.988, 11.565,
               ("lamp_state", "brightness", "power", "voltage"), traits=frozenset({"lights"})),
    DemoDevice("camera-nga-sau", "Camera giao thông vòng xoay Ngã Sáu (Nha Trang)", K.CAMERA, CA, 109.190, 12.243,
               ("vehicle_count",)),
    DemoDevice("camera-cau-tran-phu", "Camera giao thông cầu Trần Phú (Nha Trang)", K.CAMERA, CA, 109.194, 12.255,
               ("vehicle_count",)),
    DemoDevice("camera-cam-ranh", "Camera giao thông Cam Ranh", K.CAMERA, CA, 109.162, 11.915, ("vehicle_count",)),
    DemoDevice("camera-phan-rang", "Camera giao thông Phan Rang", K.CAMERA, CA, 108.990, 11.565, ("vehicle_count",)),
    DemoDevice("water-meter-phuoc-long", "Đồng hồ nước tổng khu Phước Long (Nha Trang)", K.WATER_METER, XD, 109.185,
               12.215, ("volume", "flow"), interval=900),
    DemoDevice("water-meter-vinh-hai", "Đồng hồ nước tổng khu Vĩnh Hải (Nha Trang)", K.WATER_METER, XD, 109.190,
               12.275, ("volume", "flow"), interval=900, traits=frozenset({"leak"})),
    DemoDevice("water-meter-cam-ranh", "Đồng hồ nước tổng Cam Ranh", K.WATER_METER, XD, 109.158, 11.925,
               ("volume", "flow"), interval=900),
    DemoDevice("power-meter-so-xd", "Công tơ điện trụ sở Sở Xây dựng", K.POWER_METER, XD, 109.186, 12.242,
               ("energy", "power"), interval=900),
    DemoDevice("power-meter-phan-rang", "Công tơ điện trạm bơm Phan Rang", K.POWER_METER, XD, 108.980, 11.570,
               ("energy", "power"), interval=900),
)  # fmt: skip
BY_CODE = {spec.full_code: spec for spec in DEVICES}


def demo_devices() -> list[Device]:
    """The demo devices in the database (the publisher feeds these)."""
    return list(Device.objects.filter(code__in=list(BY_CODE)).order_by("code"))


def _create(spec: DemoDevice, agencies: dict[str, Agency], quantities: dict[str, Quantity]) -> Device | None:
    agency = agencies.get(spec.agency)
    if agency is None:
        return None
    levels = spec.alarm_levels or (None, None, None)
    device = Device.objects.create(
        code=spec.full_code, name=f"{spec.name} (mô phỏng)", kind=spec.kind, agency=agency,
        position=Point(spec.lon, spec.lat, srid=4326), interval_seconds=spec.interval,
        alarm_level_1=levels[0], alarm_level_2=levels[1], alarm_level_3=levels[2],
    )  # fmt: skip
    DeviceQuantity.objects.bulk_create(
        [DeviceQuantity(device=device, quantity=quantities[code]) for code in spec.quantities if code in quantities]
    )
    return device


def history(device: Device, spec: DemoDevice, now: datetime.datetime) -> int:
    """Write the device's last HISTORY_DAYS of hourly simulated values through ingestion; return how many."""
    start = (now - datetime.timedelta(days=HISTORY_DAYS)).replace(minute=5, second=0, microsecond=0)
    previous: dict[str, tuple[datetime.datetime, float]] = {}
    samples = []
    at = start
    while at < now - datetime.timedelta(minutes=1):
        values = simulation.values_at(spec.full_code, spec.quantities, at, spec.traits, previous)
        samples.append({"at": at.isoformat(), "values": values})
        at += datetime.timedelta(hours=1)
    for first in range(0, len(samples), 200):
        api.ingest(device, {"samples": samples[first : first + 200]}, now=now)
    return len(samples)


def derived(now: datetime.datetime) -> None:
    """The figures the periodic tasks would have computed over the history."""
    for back in range(HISTORY_DAYS * 24, 0, -1):
        air.compute_hour(air.last_hour_end(now) - datetime.timedelta(hours=back - 1))
    air_daily.compute_due(now)
    water.compute_due(now)
    today = timezone.localdate(now)
    for device in meters.meters():
        if device.code not in BY_CODE:
            continue
        for back in range(HISTORY_DAYS, -1, -1):
            meters.compute_day(device, today - datetime.timedelta(days=back), now)
        if device.kind == Device.Kind.WATER_METER:
            meters.check_leak(device)


def load(stdout: TextIOBase) -> None:
    """Register the catalogue layer of the devices and the simulated devices with their recent history."""
    layer.register(stdout)
    existing = set(Device.objects.filter(code__in=list(BY_CODE)).values_list("code", flat=True))
    missing = [spec for spec in DEVICES if spec.full_code not in existing]
    if not missing:
        stdout.write(f"iot: {len(existing)} simulated demo devices unchanged.\n")
        return
    agencies = {agency.code: agency for agency in Agency.objects.filter(code__in={spec.agency for spec in DEVICES})}
    quantities = {quantity.code: quantity for quantity in Quantity.objects.all()}
    now = timezone.now()
    created = readings = 0
    outside = []
    with transaction.atomic():
        for spec in missing:
            device = _create(spec, agencies, quantities)
            if device is None:
                continue
            created += 1
            if device.unit_id is None:
                outside.append(spec.full_code)
            if not LatestValue.objects.filter(device=device).exists():
                readings += history(device, spec, now)
        derived(now)
    stdout.write(
        f"iot: {created} simulated demo devices created with {readings} hourly samples of history ({SIMULATED}).\n"
    )
    if outside:
        stdout.write(f"iot: demo devices outside every unit: {', '.join(outside)}.\n")
