"""The cyber-security team acts as the IOC on a cyber alert: it takes the IOC's steps and hears what the IOC hears."""

import datetime

from django.utils import timezone
from time_machine import TimeMachineFixture

from alerts.api import Alert
from alerts.models import ProvinceRecipient
from alerts.worker import run_once
from sectors.cyber.intake import read_report, record
from tests.cyber.world import CyberWorld

START = datetime.datetime(2026, 2, 13, 2, 0, tzinfo=datetime.UTC)  # 09:00 in Khánh Hòa


def _cyber_alert(cyber: CyberWorld) -> Alert:
    incident, _created = record(read_report({
        "reference": "soc-91", "title": "Dò quét cổng dịch vụ công", "kind": "intrusion", "severity": "moderate",
        "systems": ["cong-dvc"], "detected_at": timezone.now().isoformat(),
    }))  # fmt: skip
    assert incident.alert is not None
    return incident.alert


def test_the_overdue_ioc_step_of_a_cyber_alert_is_told_to_the_team_and_no_operator(
    cyber: CyberWorld, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(START, tick=False)
    ProvinceRecipient.objects.create(audience="operators", full_name="Trực ban IOC", email="trucban@example.org")
    alert = _cyber_alert(cyber)
    assert alert.state == "new" and alert.deadline_at is not None
    time_machine.move_to(alert.deadline_at + datetime.timedelta(minutes=1), tick=False)

    assert run_once().overdue == 1

    overdue = alert.events.get(kind="overdue")
    assert overdue.data["party"] == "ioc"
    told = list(alert.outbox.filter(event=overdue))
    assert [(row.audience, row.agency_id) for row in told] == [("agency_focal", cyber.team.pk)]
    assert [person["name"] for person in told[0].recipients] == ["Focal of ca-tinh"]
    assert not alert.outbox.filter(audience="operators").exists()
    assert "Trực ban IOC" not in {person["name"] for row in alert.outbox.all() for person in row.recipients}


def test_the_overdue_step_of_an_ordinary_alert_still_goes_to_the_operators(
    cyber: CyberWorld, time_machine: TimeMachineFixture
) -> None:
    from alerts.api import AlertInput, Category, Source, raise_alert

    time_machine.move_to(START, tick=False)
    ProvinceRecipient.objects.create(audience="operators", full_name="Trực ban IOC", email="trucban@example.org")
    alert, _created = raise_alert(AlertInput(
        title="Cây đổ chắn đường", source=Source.MANUAL, category=Category.OTHER,
        details={"steward": cyber.team.pk},  # only a restricted alert may name a steward
    ))  # fmt: skip
    assert alert.deadline_at is not None
    time_machine.move_to(alert.deadline_at + datetime.timedelta(minutes=1), tick=False)

    assert run_once().overdue == 1

    told = list(alert.outbox.filter(event=alert.events.get(kind="overdue")))
    assert [(row.audience, row.agency_id) for row in told] == [("operators", None)]
    assert [person["name"] for person in told[0].recipients] == ["Trực ban IOC"]
