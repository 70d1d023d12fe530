"""Incidents from the SOC's webhook and STIX 2.1 bundles: stored, and each one raising its restricted alert."""

import json

from django.test import Client

from alerts.api import Alert, Category, ProcedureName, Source
from sectors.cyber.intake import read_report, record
from sectors.cyber.models import CyberIncident, Sighting, ThreatIndicator
from sectors.cyber.stix import import_bundle
from tests.cyber.world import CyberWorld

INCIDENT = {
    "reference": "soc-2026-0001", "title": "Mã độc trên máy chủ cổng dịch vụ công", "kind": "malware",
    "severity": "moderate", "systems": ["cong-dvc"], "detected_at": "2026-03-02T08:30:00+07:00",
}  # fmt: skip

BUNDLE = {
    "type": "bundle",
    "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
    "objects": [
        {
            "type": "incident", "spec_version": "2.1", "id": "incident--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
            "created": "2026-03-03T01:00:00.000Z", "modified": "2026-03-03T01:00:00.000Z",
            "name": "Tấn công từ chối dịch vụ vào thư công vụ", "x_ioc_systems": ["thu-cong-vu"],
            "x_ioc_severity": "severe", "x_ioc_kind": "ddos", "x_ioc_source": "national",
        },
        {
            "type": "indicator", "spec_version": "2.1", "id": "indicator--c410e480-e42b-47d1-9476-85307c12bcbf",
            "created": "2026-03-03T01:00:00.000Z", "modified": "2026-03-03T01:00:00.000Z",
            "name": "Botnet address", "pattern": "[ipv4-addr:value = '203.0.113.7']", "pattern_type": "stix",
            "valid_from": "2026-03-03T01:00:00Z",
        },
        {
            "type": "sighting", "spec_version": "2.1", "id": "sighting--ee20065d-2555-424f-ad9e-0f8428623c75",
            "created": "2026-03-03T01:05:00.000Z", "modified": "2026-03-03T01:05:00.000Z",
            "sighting_of_ref": "indicator--c410e480-e42b-47d1-9476-85307c12bcbf", "count": 42,
            "first_seen": "2026-03-03T00:40:00Z", "last_seen": "2026-03-03T01:00:00Z",
        },
    ],
}  # fmt: skip


def _post(client: Client, body: dict, token: str) -> tuple[int, dict]:
    response = client.post(
        "/api/v1/cyber/incidents", json.dumps(body), content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )  # fmt: skip
    return response.status_code, response.json()


def test_webhook_records_the_incident_and_raises_a_deadline_alert_for_owner_and_team(cyber: CyberWorld) -> None:
    status, body = _post(Client(), INCIDENT, cyber.soc_token)
    assert status == 201, body
    incident = CyberIncident.objects.get(reference="soc-2026-0001")
    assert [s.code for s in incident.systems.all()] == ["cong-dvc"]
    alert = incident.alert
    assert alert is not None
    assert (alert.source, alert.category, alert.procedure) == (Source.CYBER, Category.CYBER, ProcedureName.DEADLINE)
    assert alert.sector == cyber.sector
    assert sorted(alert.details["restricted_to"]) == sorted([cyber.owner.pk, cyber.team.pk])
    assert set(alert.outbox.values_list("agency__code", flat=True)) == {"so-tc", "ca-tinh"}


def test_resending_the_same_reference_updates_the_incident_and_its_alert(cyber: CyberWorld) -> None:
    client = Client()
    _post(client, INCIDENT, cyber.soc_token)
    status, body = _post(client, {**INCIDENT, "contained_at": "2026-03-02T10:00:00+07:00"}, cyber.soc_token)
    assert status == 200, body
    assert CyberIncident.objects.count() == 1 and Alert.objects.filter(category=Category.CYBER).count() == 1
    assert CyberIncident.objects.get().contained_at is not None


def test_webhook_refuses_unknown_systems_naming_them(cyber: CyberWorld) -> None:
    status, body = _post(Client(), {**INCIDENT, "systems": ["khong-co"]}, cyber.soc_token)
    assert status == 400 and "khong-co" in body["message"]
    assert not CyberIncident.objects.exists()


def test_webhook_refuses_callers_without_a_token_and_other_agencies_providers(cyber: CyberWorld) -> None:
    assert Client().post("/api/v1/cyber/incidents", INCIDENT, content_type="application/json").status_code == 401
    from accounts.models import ApiToken

    _token, secret = ApiToken.issue(cyber.users["provider"], "other")
    status, _body = _post(Client(), INCIDENT, secret)
    assert status == 403
    assert not CyberIncident.objects.exists()


def test_stix_bundle_with_an_incident_and_a_sighting_is_imported(cyber: CyberWorld) -> None:
    result = import_bundle(json.dumps(BUNDLE))
    assert result.incidents == {"incident--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f": True}
    incident = CyberIncident.objects.get()
    assert (incident.kind, incident.severity, incident.source) == ("ddos", "severe", "national")
    assert [s.code for s in incident.systems.all()] == ["thu-cong-vu"]
    indicator = ThreatIndicator.objects.get()
    assert indicator.pattern == "[ipv4-addr:value = '203.0.113.7']" and list(indicator.incidents.all()) == [incident]
    sighting = Sighting.objects.get()
    assert (sighting.incident, sighting.indicator, sighting.count) == (incident, indicator, 42)
    alert = incident.alert
    assert alert is not None
    assert alert.procedure == ProcedureName.IMMEDIATE  # severe: the immediate procedure, with its reason
    assert alert.events.get(kind="created").reason


def test_stix_bundle_through_the_webhook(cyber: CyberWorld) -> None:
    status, body = _post(Client(), BUNDLE, cyber.soc_token)
    assert status == 201, body
    assert body["sightings"] == 1 and body["indicators"] == 1


def test_invalid_stix_is_refused_and_nothing_is_stored(cyber: CyberWorld) -> None:
    broken = json.loads(json.dumps(BUNDLE))
    broken["objects"][1]["pattern"] = "not a pattern"
    status, _body = _post(Client(), broken, cyber.soc_token)
    assert status == 400
    assert not CyberIncident.objects.exists() and not ThreatIndicator.objects.exists()


def test_resolving_the_incident_records_the_retreat_on_its_alert(cyber: CyberWorld) -> None:
    client = Client()
    _post(client, INCIDENT, cyber.soc_token)
    _post(client, {**INCIDENT, "resolved_at": "2026-03-02T18:00:00+07:00"}, cyber.soc_token)
    alert = Alert.objects.get(category=Category.CYBER)
    assert alert.retreated_at is not None


def test_stix_values_outside_the_lists_are_refused(cyber: CyberWorld) -> None:
    bundle = json.loads(json.dumps(BUNDLE))
    bundle["objects"][0]["x_ioc_severity"] = "catastrophic"
    status, body = _post(Client(), bundle, cyber.soc_token)
    assert status == 400 and "catastrophic" in body["message"]
    assert not CyberIncident.objects.exists()


def test_a_severe_incident_is_never_told_to_the_operators(cyber: CyberWorld) -> None:
    from alerts.api import notify_operators

    incident, _created = record(read_report({**INCIDENT, "severity": "extreme"}))
    assert incident.alert is not None
    notify_operators(incident.alert, "test")
    audiences = set(incident.alert.outbox.values_list("audience", flat=True))
    assert "operators" not in audiences and audiences <= {"agency_focal", "agency_leader", "province_leadership"}
