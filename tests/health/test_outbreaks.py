"""The endemic channel: above the upper quartile of the same weeks of earlier years raises an epidemic alert."""

import pytest
from django.test import Client

from accounts.models import Role
from alerts.choices import Category, EventKind, Source
from alerts.models import Alert
from alerts.routing import propose
from datahub.arrivals import Arrival, receive
from sectors.health import channel, outbreaks
from sectors.health.models import CaseCount
from tests.agencies.factories import make_user
from tests.datahub.files import csv_bytes
from tests.health.world import WEEK, World, history

HEADER = ["disease", "unit_code", "week", "cases"]
WEEK_TEXT = "2026-W23"  # WEEK


def report(world: World, rows: list[list[object]]) -> None:
    content = csv_bytes(rows, HEADER)
    receive(world.dataset, Arrival("push", content, "csv", "", world.officer))


def test_the_channel_is_the_median_and_upper_quartile_of_the_same_weeks_of_earlier_years(world: World) -> None:
    history(world.wards[0], "dengue", [1, 2, 2, 3, 2])

    row = next(r for r in channel.compute([WEEK], ["dengue"]) if r.unit_id == world.wards[0].pk)

    assert (row.history_years, row.median, row.upper_quartile) == (5, 2.0, 2.0)


def test_a_week_above_the_channel_raises_an_epidemic_alert_for_the_commune_and_the_department(world: World) -> None:
    history(world.wards[0], "dengue", [1, 2, 2, 3, 2])

    report(world, [["dengue", "90001", WEEK_TEXT, 9]])

    alert = Alert.objects.get()
    assert (alert.source, alert.category, getattr(alert.sector, "code", None)) == (
        Source.SECTOR_RULE,
        Category.EPIDEMIC,
        "health",
    )
    assert [unit.code for unit in alert.units.all()] == ["90001"]
    assert alert.details["cases"] == 9 and alert.details["upper_quartile"] == 2.0
    assert alert.title == "Dengue fever above the endemic channel in Phường Thử A: 9 cases in week 23/2026"
    proposal = propose(alert)
    assert proposal.lead == world.committee and world.department in proposal.coordinating
    staff = Client()
    staff.force_login(make_user("operator", Role.OPERATOR))
    chart = staff.get(alert.details["chart_url"])
    assert chart.status_code == 200 and chart["Content-Type"].startswith("image/svg+xml")
    assert b"<polygon" in chart.content and alert.details["chart_url"] in alert.description


def test_a_week_inside_the_channel_raises_nothing(world: World) -> None:
    history(world.wards[0], "dengue", [1, 2, 2, 3, 2])

    report(world, [["dengue", "90001", WEEK_TEXT, 2]])

    assert not Alert.objects.exists()


def test_a_count_above_the_channel_but_below_the_disease_minimum_raises_nothing(world: World) -> None:
    history(world.wards[0], "dengue", [0, 0, 1, 0, 0])

    report(world, [["dengue", "90001", WEEK_TEXT, 3]])  # above the quartile (0) but dengue needs 5

    assert not Alert.objects.exists()


def test_the_alert_records_a_retreat_when_the_count_falls_back(world: World) -> None:
    history(world.wards[0], "dengue", [1, 2, 2, 3, 2])
    CaseCount.objects.create(disease="dengue", unit=world.wards[0], week_start=WEEK, cases=9)
    outbreaks.detect(WEEK)
    CaseCount.objects.filter(week_start=WEEK).update(cases=1)

    detection = outbreaks.detect(WEEK)

    alert = Alert.objects.get()
    assert detection.retreated == [alert] and alert.retreated_at is not None
    assert alert.events.filter(kind=EventKind.HAZARD_RETREATED).count() == 1
    assert outbreaks.detect(WEEK).retreated == []  # once


def test_a_disease_without_history_raises_nothing_and_says_so(world: World) -> None:
    CaseCount.objects.create(disease="measles", unit=world.wards[0], week_start=WEEK, cases=6)

    detection = outbreaks.detect(WEEK)

    assert not Alert.objects.exists()
    assert "measles" in detection.without_history
    assert "No endemic channel" in detection.summary() and "Measles" in detection.summary()


@pytest.mark.parametrize("years", [2])
def test_two_earlier_years_are_not_enough_history(world: World, years: int) -> None:
    history(world.wards[0], "dengue", [1, 2, 2, 3, 2], years=years)
    CaseCount.objects.create(disease="dengue", unit=world.wards[0], week_start=WEEK, cases=30)

    assert outbreaks.detect(WEEK).raised == []
