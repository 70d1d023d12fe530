"""Cyber incidents are seen by the cyber-security team, the affected agency and the leadership only, through every
door: the cyber pages and API, the alert pages, console, inbox and API, CAP, search, the service page and its
figures, the public alerts and feed, the leadership dashboard, the periodic report figures, OGC and the admin."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from alerts import transitions
from alerts.api import Alert, Category
from core.errors import Forbidden
from reports import dashboard
from reports.figures import alert_handling
from sectors.cyber.intake import read_report, record
from sectors.cyber.models import CyberIncident
from services.models import ServicePage
from tests.cyber.world import CyberWorld

TITLE = "Xâm nhập trái phép cổng dịch vụ công"
ALLOWED = {"owner", "team", "viewer"}
DENIED = {"admin", "operator", "other", "provider", "anonymous"}


@pytest.fixture
def incident(cyber: CyberWorld) -> CyberIncident:
    ServicePage.objects.get_or_create(sector=cyber.sector)
    report = read_report({
        "reference": "soc-77", "title": TITLE, "kind": "intrusion", "severity": "moderate", "systems": ["cong-dvc"],
        "detected_at": timezone.now().isoformat(),
    })  # fmt: skip
    return record(report)[0]


def _client(cyber: CyberWorld, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(cyber.users[role])
    return client


def _doors(incident: CyberIncident) -> list[str]:
    pk = incident.alert_id
    return [
        "/sectors/cyber/", f"/sectors/cyber/incidents/{incident.pk}/", "/api/v1/cyber/incidents",
        "/api/v1/cyber/systems", "/api/v1/alerts", f"/api/v1/alerts/{pk}", f"/api/v1/alerts/{pk}/cap.xml",
        f"/alerts/{pk}/", "/alerts/console/", "/alerts/inbox/", f"/api/v1/search?q=%23{pk}",
        "/services/", "/services/cyber-security/", "/services/cyber-security/alerts.geojson", "/public-alerts/",
        "/alerts/feed.atom", "/", "/reports/dashboard/", "/ogc/collections?f=json", "/admin/alerts/alert/",
        "/admin/alerts/alertevent/", "/admin/alerts/outbox/",
    ]  # fmt: skip


@pytest.mark.parametrize("role", sorted(DENIED))
def test_nobody_else_sees_the_incident_through_any_door(cyber: CyberWorld, incident: CyberIncident, role: str) -> None:
    client = _client(cyber, role)
    for url in _doors(incident):
        response = client.get(url)
        text = response.content.decode() if not getattr(response, "streaming", False) else ""
        assert TITLE not in text, f"{role} reads the title at {url}"
        assert "cong-dvc" not in text and "Cổng dịch vụ công" not in text, f"{role} reads the system at {url}"
    assert client.get(f"/sectors/cyber/incidents/{incident.pk}/").status_code in (302, 404)
    assert client.get(f"/alerts/{incident.alert_id}/").status_code in (302, 403, 404)


@pytest.mark.parametrize("role", sorted(DENIED))
def test_nobody_else_counts_the_incident_on_the_service_page(
    cyber: CyberWorld, incident: CyberIncident, role: str
) -> None:
    from django.contrib.auth.models import AnonymousUser

    from services.figures import key_figures

    user = cyber.users.get(role) or AnonymousUser()
    page = ServicePage.objects.get(sector=cyber.sector)
    assert key_figures(page, user, timezone.localdate()).open_alerts == 0
    assert not Alert.objects.visible_to(user).filter(category=Category.CYBER).exists()


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_the_team_the_affected_agency_and_the_leadership_see_it(
    cyber: CyberWorld, incident: CyberIncident, role: str
) -> None:
    client = _client(cyber, role)
    assert TITLE in client.get("/sectors/cyber/").content.decode()
    assert TITLE in client.get(f"/sectors/cyber/incidents/{incident.pk}/").content.decode()
    assert TITLE in client.get(f"/alerts/{incident.alert_id}/").content.decode()
    listed = json.loads(client.get("/api/v1/cyber/incidents").content)["incidents"]
    assert [row["reference"] for row in listed] == ["soc-77"]
    assert TITLE in client.get("/services/cyber-security/").content.decode()
    assert TITLE in client.get("/api/v1/alerts").content.decode()
    assert client.get(f"/api/v1/search?q=%23{incident.alert_id}").json()["results"], "search finds the alert"


def test_the_doors_answer_other_alerts_to_the_denied_roles(cyber: CyberWorld, incident: CyberIncident) -> None:
    """The doors are open to these roles (so the absence above is the rule's doing, not a closed door)."""
    assert _client(cyber, "admin").get("/admin/alerts/alert/").status_code == 200
    assert _client(cyber, "operator").get("/api/v1/alerts").status_code == 200
    assert _client(cyber, "operator").get("/services/cyber-security/").status_code == 200
    assert _client(cyber, "other").get("/alerts/inbox/").status_code == 200


def test_the_affected_agency_sees_only_its_own_systems(cyber: CyberWorld, incident: CyberIncident) -> None:
    systems = json.loads(_client(cyber, "owner").get("/api/v1/cyber/systems").content)["systems"]
    assert [row["code"] for row in systems] == ["cong-dvc"]
    team = json.loads(_client(cyber, "team").get("/api/v1/cyber/systems").content)["systems"]
    assert sorted(row["code"] for row in team) == ["cong-dvc", "thu-cong-vu"]


def test_reports_and_the_dashboard_leave_restricted_alerts_out(cyber: CyberWorld, incident: CyberIncident) -> None:
    board = dashboard.build(timezone.localdate())
    assert board.open_total == 0
    now = timezone.now()
    figures = alert_handling(now - datetime.timedelta(days=1), now + datetime.timedelta(days=1))
    assert incident.alert_id not in [row.alert for row in figures.alerts]
    assert Alert.objects.public().count() == 0


def test_the_team_posts_a_progress_note_on_the_alert_and_another_agency_cannot(
    cyber: CyberWorld, incident: CyberIncident
) -> None:
    assert incident.alert_id is not None
    pk: int = incident.alert_id
    team = _client(cyber, "team")
    response = team.post(f"/alerts/{pk}/note/", {"text": "Đã chặn địa chỉ tấn công."})
    assert response.status_code in (200, 302)
    assert Alert.objects.get(pk=pk).events.filter(kind="note").count() == 1
    other = _client(cyber, "other").post(f"/alerts/{pk}/note/", {"text": "thử"})
    assert other.status_code in (403, 404)
    assert Alert.objects.get(pk=pk).events.filter(kind="note").count() == 1


def test_the_team_takes_the_operators_steps_on_a_cyber_alert_and_operators_cannot(
    cyber: CyberWorld, incident: CyberIncident
) -> None:
    assert incident.alert_id is not None
    pk: int = incident.alert_id
    alert = Alert.objects.get(pk=pk)
    assert alert.details["steward"] == cyber.team.pk
    with pytest.raises(Forbidden):
        transitions.verify(alert, cyber.users["operator"], "")
    with pytest.raises(Forbidden):
        transitions.verify(alert, cyber.users["owner"], "")
    assert Alert.objects.get(pk=pk).state == "new"
    response = _client(cyber, "team").post(f"/alerts/{pk}/verify/", {"note": "Xác minh qua SOC."})
    assert response.status_code in (200, 302)
    assert Alert.objects.get(pk=pk).state == "verified"
