"""Indicator alerts follow the deadline procedure: a value past its warning limit, an indicator not reported in time."""

import datetime
import json

from django.utils import timezone

from alerts.models import Alert, Outbox
from datahub.arrivals import Arrival, receive
from datahub.models import Delivery
from indicators import checks, periods
from tests.datahub.world import World


def send(world: World, rows: list[dict[str, object]]) -> Delivery:
    return receive(world.dataset, Arrival(Delivery.Channel.PUSH, json.dumps(rows).encode(), "json")).delivery


def last_month() -> str:
    return periods.label(periods.MONTH, periods.last_closed(periods.MONTH, timezone.localdate()))


def test_a_value_past_its_warning_limit_raises_a_deadline_procedure_alert(world: World) -> None:
    delivery = send(world, [{"indicator": "budget-revenue", "period": last_month(), "value": 850}])

    alert = Alert.objects.get()
    assert alert.sector is not None
    assert (alert.category, alert.procedure, alert.sector.code) == (
        "threshold",
        "deadline",
        "socio-economic-indicators",
    )
    assert alert.details["value"] == "850.0000" and alert.details["direction"] == "below"
    assert alert.details["delivery"] == delivery.pk and "item 1" in alert.description  # lineage travels with it
    assert "below the warning limit 900" in alert.title


def test_the_same_breach_sent_again_updates_the_one_alert(world: World) -> None:
    send(world, [{"indicator": "budget-revenue", "period": last_month(), "value": 850}])
    send(world, [{"indicator": "budget-revenue", "period": last_month(), "value": 850}])  # identical: unchanged
    send(world, [{"indicator": "budget-revenue", "period": last_month(), "value": 800}])  # corrected, still low

    alert = Alert.objects.get()
    assert alert.details["value"] == "800.0000"
    assert alert.events.filter(kind="updated").count() == 1


def test_a_value_within_its_limits_or_long_past_raises_nothing(world: World) -> None:
    send(world, [
        {"indicator": "budget-revenue", "period": last_month(), "value": 1200},
        {"indicator": "budget-revenue", "period": "2019-01", "value": 100},  # back-filled history
    ])  # fmt: skip

    assert not Alert.objects.exists()


def test_a_unit_value_past_its_limit_is_placed_on_its_unit(world: World) -> None:
    world.commune.warn_above = 50
    world.commune.save()

    send(world, [{"indicator": "commune-revenue", "period": last_month(), "unit_code": "90002", "value": 75}])

    alert = Alert.objects.get()
    assert [unit.code for unit in alert.units.all()] == ["90002"]


def test_an_indicator_not_reported_by_its_deadline_raises_one_alert_and_tells_the_agency(world: World) -> None:
    today = timezone.localdate()
    start = periods.last_closed(periods.MONTH, today)
    past_deadline = world.revenue.due_date(start) + datetime.timedelta(days=1)
    send(world, [{"indicator": "commune-revenue", "period": periods.label("month", start), "unit_code": code,
                  "value": 5} for code in ("90001", "90002")])  # fmt: skip

    first = checks.check_deadlines(past_deadline)
    again = checks.check_deadlines(past_deadline + datetime.timedelta(days=1))

    assert len(first) == 1 and [alert.pk for alert in again] == [first[0].pk]
    alert = Alert.objects.get()
    assert (alert.category, alert.procedure) == ("late_processing", "deadline")
    assert alert.details["indicator"] == "budget-revenue" and alert.external_ref.startswith(
        "indicator-late:budget-revenue:"
    )
    assert Outbox.objects.filter(alert=alert, agency=world.provider, audience="agency_focal").exists()


def test_nothing_is_late_within_the_deadline_or_once_reported(world: World) -> None:
    today = timezone.localdate()
    start = periods.last_closed(periods.MONTH, today)
    within = world.revenue.due_date(start)
    previous = periods.shift("month", start, -1)
    send(world, [{"indicator": "budget-revenue", "period": periods.label("month", previous), "value": 1200}]
         + [{"indicator": "commune-revenue", "period": periods.label("month", previous), "unit_code": code, "value": 5}
            for code in ("90001", "90002")])  # fmt: skip

    assert checks.check_deadlines(within) == []
