"""A device silent for three times its interval raises one data-feed alert and tells its owner agency."""

import datetime

from alerts.models import Alert, Outbox
from iot import api, silence
from iot.models import Device
from tests.iot.world import World

T0 = datetime.datetime(2026, 2, 13, 2, 0, tzinfo=datetime.UTC)


def _seen(device: Device, at: datetime.datetime) -> None:
    Device.objects.filter(pk=device.pk).update(last_seen_at=at, created_at=at)


def test_a_device_silent_three_intervals_raises_a_feed_alert_for_the_operator_and_the_agency(world: World) -> None:
    for device in world.devices.values():
        _seen(device, T0)
    station = world.devices["aq-01"]  # reports every 60 s

    early = silence.check(T0 + datetime.timedelta(seconds=179))
    late = silence.check(T0 + datetime.timedelta(seconds=181))

    assert early.raised == []
    assert [alert.details["device"] for alert in late.raised] == ["aq-01"]
    alert = late.raised[0]
    assert (alert.source, alert.category) == ("feed_interruption", "feed_interruption")
    assert list(alert.units.values_list("code", flat=True)) == ["90001"]
    audiences = {(row.audience, row.agency_id) for row in Outbox.objects.filter(alert=alert)}
    assert ("agency_focal", world.agency.pk) in audiences
    assert ("operators", None) in audiences
    recipients = Outbox.objects.get(alert=alert, audience="agency_focal").recipients
    assert recipients and recipients[0]["email"].endswith("stnmt@example.org")
    station.refresh_from_db()
    assert station.feed_alert == alert


def test_a_silent_device_is_alerted_once_and_its_return_is_recorded(world: World) -> None:
    for device in world.devices.values():
        _seen(device, T0)
    hour = datetime.timedelta(hours=1)

    silence.check(T0 + hour)
    silence.check(T0 + 2 * hour)  # still silent: no second alert
    assert Alert.objects.filter(category="feed_interruption").count() == 4

    station = world.devices["aq-01"]
    api.ingest(station, {"at": (T0 + 2 * hour).isoformat(), "values": {"pm25": 12}}, now=T0 + 2 * hour)
    report = silence.check(T0 + 2 * hour + datetime.timedelta(seconds=30))

    assert [device.code for device in report.recovered] == ["aq-01"]
    station.refresh_from_db()
    assert station.feed_alert is None
    alert = Alert.objects.get(details__device="aq-01")
    assert alert.retreated_at is not None
    assert alert.events.order_by("-seq").values_list("kind", flat=True)[0] == "hazard_retreated"


def test_devices_under_maintenance_or_retired_are_not_watched(world: World) -> None:
    for device in world.devices.values():
        _seen(device, T0)
    Device.objects.exclude(code="aq-01").update(status=Device.Status.MAINTENANCE)
    Device.objects.filter(code="aq-01").update(status=Device.Status.RETIRED)

    report = silence.check(T0 + datetime.timedelta(days=1))

    assert report.raised == []


def test_a_device_that_never_reported_counts_from_its_registration(world: World) -> None:
    Device.objects.update(last_seen_at=None, created_at=T0)

    report = silence.check(T0 + datetime.timedelta(minutes=10))  # aq-01 (60 s) yes; the others (300 s) no

    assert [alert.details["device"] for alert in report.raised] == ["aq-01"]
    assert "since" in report.raised[0].title
