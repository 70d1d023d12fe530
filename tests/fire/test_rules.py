"""The fire-safety rules fire and retreat over real PostGIS and pgRouting coverage."""

import datetime

from django.contrib.gis.geos import Point

from alerts.choices import Category, ProcedureName, Source
from alerts.models import Alert
from alerts.routing import propose
from sectors.fire import rules
from sectors.fire.models import FireStation, Premises, StationCoverage, WaterSource
from tests.fire.world import FireWorld, hydrant, premises

TODAY = datetime.date.today()


def _alerts(prefix: str) -> list[Alert]:
    return list(Alert.objects.filter(external_ref__startswith=f"fire:{prefix}").order_by("pk"))


def test_station_coverage_grows_with_minutes_over_the_network(fire_world: FireWorld) -> None:
    rules.run()
    areas = {row.minutes: row.geom for row in StationCoverage.objects.filter(station=fire_world.station)}
    assert set(areas) == {5, 10, 15}
    assert areas[5].area < areas[10].area < areas[15].area
    assert areas[5].contains(fire_world.station.geom)


def test_premises_beyond_ten_minutes_raise_an_alert_that_retreats_when_a_station_opens(fire_world: FireWorld) -> None:
    premises("NEAR", 109.108, 12.207)
    far = premises("FAR", 109.148, 12.248)  # about 9 km of streets from the station: > 10 min at 30 km/h
    rules.run()
    [alert] = _alerts("uncovered:")
    assert alert.external_ref == "fire:uncovered:FAR#1"
    assert (alert.source, alert.category, alert.procedure) == (Source.SECTOR_RULE, Category.FIRE_SAFETY,
                                                               ProcedureName.DEADLINE)  # fmt: skip
    assert alert.sector == fire_world.sector and alert.retreated_at is None
    proposal = propose(alert)
    assert {proposal.lead, *proposal.coordinating} == {fire_world.police, fire_world.committee}
    FireStation.objects.create(code="DOI-2", name="Đội PCCC mới", geom=Point(far.geom.x - 0.002, far.geom.y, srid=4326))
    rules.run()
    alert.refresh_from_db()
    assert alert.retreated_at is not None and alert.is_open
    assert len(_alerts("uncovered:")) == 1


def test_hydrant_out_of_order_near_premises_fires_and_retreats_when_repaired(fire_world: FireWorld) -> None:
    premises("CHO", 109.110, 12.210, group=Premises.RiskGroup.I)
    broken = hydrant("TH-1", 109.111, 12.210, WaterSource.Status.OUT_OF_ORDER)  # about 110 m away
    hydrant("TH-FAR", 109.120, 12.210, WaterSource.Status.OUT_OF_ORDER)  # about 1 km away: no alert
    hydrant("TH-OK", 109.1101, 12.2101)  # working
    rules.run()
    [alert] = _alerts("hydrant:")
    assert alert.external_ref == "fire:hydrant:TH-1#1" and alert.severity == "severe"
    assert alert.details["premises"] == ["CHO"] and 100 < alert.details["nearest_m"] < 120
    broken.status = WaterSource.Status.WORKING
    broken.save()
    rules.run()
    alert.refresh_from_db()
    assert alert.retreated_at is not None


def test_overdue_inspection_fires_and_retreats_when_a_new_date_is_set(fire_world: FireWorld) -> None:
    item = premises("KHO", 109.106, 12.206, next_due=TODAY - datetime.timedelta(days=3))
    premises("OK", 109.107, 12.206, next_due=TODAY + datetime.timedelta(days=3))
    rules.run()
    [alert] = _alerts("inspection:")
    assert alert.external_ref.startswith("fire:inspection:KHO@")
    item.last_inspection, item.next_due = TODAY, TODAY + datetime.timedelta(days=365)
    item.save()
    rules.run()
    alert.refresh_from_db()
    assert alert.retreated_at is not None and len(_alerts("inspection:")) == 1


def test_a_repeated_run_updates_the_same_alert(fire_world: FireWorld) -> None:
    premises("KHO", 109.106, 12.206, next_due=TODAY - datetime.timedelta(days=3))
    first = rules.run()
    second = rules.run()
    assert (first.raised, second.raised, second.updated) == (1, 0, 1)
    assert len(_alerts("inspection:")) == 1


def test_coverage_is_recomputed_when_the_network_changes(fire_world: FireWorld) -> None:
    from roads import topology
    from tests.fire.world import grid_lines

    rules.run()
    before = StationCoverage.objects.get(station=fire_world.station, minutes=10)
    # Half the grid: the same station now reaches less within 10 minutes.
    topology.rebuild([line for line in grid_lines() if "12.2" in line.wkt and "12.25" not in line.wkt][:60],
                     source="smaller")  # fmt: skip
    rules.run()
    after = StationCoverage.objects.get(station=fire_world.station, minutes=10)
    assert after.network_version == before.network_version + 1


def test_the_hourly_task_runs_the_rules_and_publishes_the_figures(fire_world: FireWorld) -> None:
    from django.utils import timezone

    from core.periodic import get_task

    premises("KHO", 109.106, 12.206, next_due=TODAY - datetime.timedelta(days=1))
    summary = get_task("fire.safety").run(timezone.now())
    assert summary.startswith("fire: 1 raised") and summary.endswith("figures sent")


def test_a_field_report_of_a_broken_hydrant_marks_it_out_of_order_and_raises_the_alert(fire_world: FireWorld) -> None:
    from django.test import TestCase
    from django.utils import timezone

    from alerts.choices import Source as AlertSource
    from alerts.intake import AlertInput, raise_alert
    from fieldreports.models import Channel, FieldReport, ReportCategory
    from sectors.fire.signals import HYDRANT_CATEGORY

    premises("CHO", 109.110, 12.210, group=Premises.RiskGroup.I)
    beside = hydrant("TH-2", 109.111, 12.210)
    category = ReportCategory.objects.create(service_code=HYDRANT_CATEGORY, name="Trụ nước chữa cháy hỏng",
                                             sector=fire_world.sector)  # fmt: skip
    where = Point(109.1111, 12.2101, srid=4326)
    report_alert, _created = raise_alert(AlertInput(title="Trụ nước hỏng", source=AlertSource.FIELD_REPORT, geom=where))
    with TestCase.captureOnCommitCallbacks(execute=True):
        FieldReport.objects.create(
            tracking_code="PA-TEST-1", category=category, channel=Channel.WEB, geom=where,
            description="Trụ nước bị gãy", alert=report_alert, submitted_at=timezone.now(),
        )  # fmt: skip
    beside.refresh_from_db()
    assert beside.status == WaterSource.Status.OUT_OF_ORDER and "PA-TEST-1" in beside.note
    assert _alerts("hydrant:TH-2")
