"""Administrative procedure results: the public-service portal's report read by its Vietnamese headings, and the
late-processing rule (Article 8) firing on a late rate or on overdue dossiers, and retreating when back under."""

import datetime
import json

import pytest
from django.test import override_settings
from django.utils import timezone

from agencies.models import Agency
from alerts.api import Alert, Category, ProcedureName, Source
from datahub.arrivals import Arrival, receive
from datahub.models import Dataset, Delivery
from indicators import periods
from indicators.dossier_rule import Limits, reference
from indicators.models import DossierStat
from tests.agencies.factories import make_agency
from tests.datahub.world import World

PORTAL_CSV = """Đơn vị,Thủ tục,Kỳ báo cáo,Tổng số hồ sơ tiếp nhận,Đã giải quyết trước hạn,Đã giải quyết đúng hạn,\
Đã giải quyết quá hạn,Đang giải quyết trong hạn,Đang giải quyết quá hạn
so-tc,Cấp giấy phép A,{month},120,30,50,10,25,5
Agency so-ct,Cấp giấy phép B,{month},40,10,20,2,6,2
"""


@pytest.fixture
def portal(world: World) -> Dataset:
    office = make_agency("vp-ubnd-tinh", kind=Agency.Kind.PROCESSING, whole_province=True)
    return Dataset.objects.create(code="dvc", name="Cổng DVC", provider=office, target="dossier_stats")


def _month() -> tuple[str, datetime.date]:
    start = periods.recent("month", timezone.localdate(), 1)[0]
    return periods.label("month", start), start


def _send(dataset: Dataset, rows: list[dict[str, object]]) -> Delivery:
    return receive(dataset, Arrival(Delivery.Channel.PUSH, json.dumps(rows).encode(), "json")).delivery


def _row(month: str, on_time: int, late: int, overdue: int = 0) -> dict[str, object]:
    return {"agency": "so-tc", "period": month, "received": on_time + late + 10 + overdue, "on_time": on_time,
            "late": late, "in_progress": 10, "overdue": overdue}  # fmt: skip


def test_the_portal_report_is_read_by_its_vietnamese_headings(world: World, portal: Dataset) -> None:
    label, start = _month()
    delivery = receive(portal, Arrival(Delivery.Channel.FILE, PORTAL_CSV.format(month=label).encode(), "csv")).delivery
    assert delivery.status == Delivery.Status.COMMITTED, delivery.summary()
    stat = DossierStat.objects.get(agency__code="so-tc", period_start=start)
    assert (stat.procedure, stat.received, stat.on_time, stat.late, stat.in_progress, stat.overdue) == (
        "Cấp giấy phép A",
        120,
        80,
        10,
        30,
        5,
    )
    assert DossierStat.objects.get(agency__code="so-ct").on_time == 30  # found by the agency's name


def test_a_late_rate_past_the_threshold_raises_an_article_8_alert_to_the_agency(world: World, portal: Dataset) -> None:
    label, start = _month()
    _send(portal, [_row(label, on_time=70, late=30)])
    alert = Alert.objects.get(external_ref=reference(world.provider, start))
    assert (alert.category, alert.procedure, alert.source) == (
        Category.LATE_PROCESSING,
        ProcedureName.DEADLINE,
        Source.SECTOR_RULE,
    )
    assert "30,0 %" in alert.description
    assert list(alert.outbox.values_list("agency__code", flat=True)) == ["so-tc"]


def test_the_alert_retreats_when_a_later_delivery_brings_the_rate_back_under(world: World, portal: Dataset) -> None:
    label, start = _month()
    _send(portal, [_row(label, on_time=70, late=30)])
    _send(portal, [_row(label, on_time=95, late=5)])
    alert = Alert.objects.get(external_ref=reference(world.provider, start))
    assert alert.retreated_at is not None and alert.is_open
    assert alert.events.filter(kind="hazard_retreated").count() == 1


def test_under_the_threshold_or_too_few_dossiers_raises_nothing(world: World, portal: Dataset) -> None:
    label, _start = _month()
    _send(portal, [_row(label, on_time=95, late=5)])
    assert not Alert.objects.filter(category=Category.LATE_PROCESSING).exists()
    _send(portal, [_row(label, on_time=2, late=3)])  # 60 % late, but of 5 resolved only
    assert not Alert.objects.filter(category=Category.LATE_PROCESSING).exists()


def test_overdue_dossiers_past_the_count_raise_the_alert(world: World, portal: Dataset) -> None:
    label, start = _month()
    _send(portal, [_row(label, on_time=95, late=5, overdue=25)])
    alert = Alert.objects.get(external_ref=reference(world.provider, start))
    assert "25" in alert.description


@override_settings(DOSSIER_LATE_RATE_PERCENT=25, DOSSIER_MIN_RESOLVED=5, DOSSIER_OVERDUE_LIMIT=7)
def test_limits_are_read_from_django_settings_at_call_time() -> None:
    assert Limits.from_settings() == Limits(late_rate_percent=25, min_resolved=5, overdue=7)


def test_a_raised_late_rate_limit_in_settings_keeps_the_month_quiet(world: World, portal: Dataset) -> None:
    label, _start = _month()
    with override_settings(DOSSIER_LATE_RATE_PERCENT=50):
        _send(portal, [_row(label, on_time=70, late=30)])  # 30 % late: above the default 10 %, under 50 %
    assert not Alert.objects.filter(category=Category.LATE_PROCESSING).exists()
