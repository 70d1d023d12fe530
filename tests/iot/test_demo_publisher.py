"""The demo: simulated devices across the province, fed over the real broker by `iot_demo_publisher`."""

import datetime
import importlib
import io

from django.core.management import call_command
from django.utils import timezone

from agencies.models import Agency
from iot import demo, simulation
from iot.demo_publisher import DemoPublisher
from iot.models import Device, LatestValue, Quantity
from services.figures import key_figures
from services.models import ServicePage
from tests.agencies.factories import make_agency, make_sector
from tests.iot.conftest import RunningSubscriber
from tests.iot.world import World, wait_for

WQI_QUANTITIES = importlib.import_module("iot.migrations.0006_environment_wqi_quantities").QUANTITIES
KINDS = {"weather_station", "rain_gauge", "water_level", "air_quality", "water_quality", "street_light", "camera",
         "water_meter", "power_meter"}  # fmt: skip


def demo_devices() -> list[Device]:
    """The demo's devices, created as iot.demo does (without the history, which the publisher does not need)."""
    for code, name, name_en, unit, low, high in WQI_QUANTITIES:
        Quantity.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "unit": unit, "min_value": low, "max_value": high}
        )
    agencies = {code: make_agency(code) for code in sorted({spec.agency for spec in demo.DEVICES})}
    quantities = {quantity.code: quantity for quantity in Quantity.objects.all()}
    return [device for spec in demo.DEVICES if (device := demo._create(spec, agencies, quantities)) is not None]


def test_the_demo_has_every_kind_of_device_and_says_it_is_simulated() -> None:
    assert {spec.kind for spec in demo.DEVICES} == KINDS
    assert all(spec.code and spec.quantities for spec in demo.DEVICES)
    assert "mô phỏng" in demo.SIMULATED


def test_simulated_values_move_and_stay_within_the_catalogue_bounds() -> None:
    noon = datetime.datetime(2026, 3, 1, 5, 0, tzinfo=datetime.UTC)  # 12:00 in Khánh Hòa
    for spec in demo.DEVICES:
        indexes: dict[str, tuple[datetime.datetime, float]] = {}
        first = simulation.values_at(spec.full_code, spec.quantities, noon, spec.traits, indexes)
        later = simulation.values_at(spec.full_code, spec.quantities, noon + datetime.timedelta(hours=7), spec.traits,
                                     indexes)  # fmt: skip
        assert set(first) == set(spec.quantities)
        if spec.kind not in ("rain_gauge",):
            assert first != later, spec.code  # the values move
        for key in ("volume", "energy"):
            if key in first:
                assert later[key] > first[key]  # a meter's index only grows


def test_one_round_of_the_publisher_feeds_every_demo_device(
    live_world: World, mqtt_names: dict[str, str], subscriber: RunningSubscriber
) -> None:
    devices = demo_devices()
    publisher = DemoPublisher()
    assert publisher.prepare() == len(demo.DEVICES) == len(devices)
    publisher.connect()
    try:
        assert publisher.round() == len(devices)
        assert publisher.round() == 0  # nobody is due again before its interval
    finally:
        publisher.close()

    ids = [device.pk for device in devices]
    wait_for(lambda: LatestValue.objects.filter(device_id__in=ids).values("device_id").distinct().count() == len(ids),
             what="a reading of every demo device")  # fmt: skip
    now = timezone.now()
    assert Device.objects.filter(pk__in=ids).heard_within_deadline(now).count() == len(ids)  # all online
    page = ServicePage.objects.create(sector=make_sector("environment"), device_kinds=["air_quality", "water_quality"])
    figures = key_figures(page, live_world.users["operator"], now.date())
    assert figures.devices_online == figures.devices == 8 + 1  # the demo's 8 stations and the world's aq-01


def test_the_command_without_demo_devices_says_so(db: None) -> None:
    assert not Agency.objects.filter(code="so-nnmt").exists()
    out = io.StringIO()

    call_command("iot_demo_publisher", rounds=1, stdout=out)

    assert "no demo device" in out.getvalue()
