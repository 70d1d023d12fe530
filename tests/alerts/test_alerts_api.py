"""The alerts API: GeoJSON list and detail, manual and system creation, one POST endpoint per transition."""

import json
from typing import Any

import pytest
from django.test import Client

from alerts.models import Alert, AlertEvent
from tests.alerts.world import World

POINT_A = {"type": "Point", "coordinates": [109.125, 12.225]}


def client_for(world: World, who: str) -> Client:
    if who == "system":
        return Client(headers={"Authorization": f"Token {world.system_secret}"})
    client = Client()
    if who != "anonymous":
        client.force_login(world.users[who])
    return client


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def forwarded_to_a(world: World) -> Alert:
    alert = world.alert()
    alert.verify(world.users["operator"])
    alert.forward(world.users["operator"], world.ubnd_a, sector=world.utilities)
    return alert


def test_the_list_is_a_geojson_feature_collection_with_local_times(world: World) -> None:
    alert = world.alert()

    body = client_for(world, "viewer").get("/api/v1/alerts").json()

    assert (body["type"], body["count"]) == ("FeatureCollection", 1)
    feature = body["features"][0]
    assert feature["geometry"] == POINT_A
    assert feature["id"] == alert.pk
    assert feature["properties"]["units"] == ["90001"]
    assert feature["properties"]["deadline_at"] == "2026-02-13T10:00:00+07:00"
    assert feature["properties"]["overdue"] is False


def test_the_list_filters_by_state_unit_agency_sector_and_overdue(world: World) -> None:
    forwarded = forwarded_to_a(world)
    fresh = world.alert(geom=world.polygon_across())
    client = client_for(world, "operator")

    def ids(query: str) -> list[int]:
        return [feature["id"] for feature in client.get(f"/api/v1/alerts?{query}").json()["features"]]

    assert ids("state=forwarded") == [forwarded.pk]
    assert ids("state=new,forwarded") == [fresh.pk, forwarded.pk]
    assert ids("unit=90002") == [fresh.pk]
    assert ids("agency=ubnd-90001") == [forwarded.pk]
    assert ids("sector=public-utilities") == [forwarded.pk]
    assert ids("overdue=true") == []
    assert ids("overdue=false&limit=1") == [fresh.pk]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("state=lost", "Unknown state 'lost'"),
        ("unit=99999", "No administrative unit has the code '99999'"),
        ("agency=nobody", "No agency has the code 'nobody'"),
        ("overdue=maybe", "'overdue' is true or false"),
        ("limit=0", "'limit' runs from 1 to 500"),
    ],
)
def test_a_bad_filter_is_answered_with_what_to_fix(world: World, query: str, message: str) -> None:
    response = client_for(world, "operator").get(f"/api/v1/alerts?{query}")

    assert response.status_code == 400
    assert message in response.json()["message"]


def test_agency_officers_see_only_their_agencys_alerts(world: World) -> None:
    mine = forwarded_to_a(world)
    world.alert()

    officer_a = client_for(world, "officer_a").get("/api/v1/alerts").json()
    officer_b = client_for(world, "officer_b")

    assert [feature["id"] for feature in officer_a["features"]] == [mine.pk]
    assert officer_b.get("/api/v1/alerts").json()["features"] == []
    assert officer_b.get(f"/api/v1/alerts/{mine.pk}").status_code == 404


def test_the_list_needs_an_account(world: World) -> None:
    assert client_for(world, "anonymous").get("/api/v1/alerts").status_code == 401


def test_the_detail_has_the_events_and_for_operators_the_routing_proposal(world: World) -> None:
    alert = world.alert(geom=world.polygon_across())
    alert.verify(world.users["operator"])

    operator = client_for(world, "operator").get(f"/api/v1/alerts/{alert.pk}").json()["properties"]
    viewer = client_for(world, "viewer").get(f"/api/v1/alerts/{alert.pk}").json()["properties"]

    assert [event["kind"] for event in operator["events"]] == ["created", "verified"]
    assert operator["events"][1]["actor"] == "operator"
    assert operator["routing_proposal"]["lead"] == "ubnd-90001"
    assert "routing_proposal" not in viewer


def test_an_operator_enters_an_alert_by_hand(world: World) -> None:
    body = {"title": "Ngập sâu 50 cm", "category": "flood", "sector": "public-utilities", "geometry": POINT_A}

    response = post(client_for(world, "operator"), "/api/v1/alerts", body)

    assert response.status_code == 201
    properties = response.json()["properties"]
    assert (properties["source"], properties["procedure"], properties["state"]) == ("manual", "immediate", "new")
    assert Alert.objects.get().created_by == world.users["operator"]


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ({"type": "Point", "coordinates": [12.225, 109.125]}, "longitude, latitude"),
        ({"type": "Point"}, "not valid GeoJSON"),
        ({"type": "Point", "coordinates": [1, 2], "crs": {"properties": {"name": "EPSG:2000"}}}, "EPSG:2000 is not"),
        ({"type": "GeometryCollection", "geometries": []}, "must be a GeoJSON geometry of type LineString"),
        ({"type": "Polygon", "coordinates": []}, "geometry is empty"),
    ],
)  # fmt: skip
def test_a_bad_geometry_is_refused_and_nothing_is_written(world: World, geometry: Any, message: str) -> None:
    response = post(client_for(world, "operator"), "/api/v1/alerts", {"title": "X", "geometry": geometry})

    assert response.status_code == 400
    assert message in response.json()["message"]
    assert not Alert.objects.exists()


def test_viewers_and_officers_cannot_enter_alerts(world: World) -> None:
    for who in ("viewer", "officer_a"):
        assert post(client_for(world, who), "/api/v1/alerts", {"title": "X"}).status_code == 403
    assert not Alert.objects.exists()


def test_a_trusted_system_raises_and_then_updates_an_alert_with_its_token(world: World) -> None:
    body = {
        "title": "Bão số 3",
        "source": "cap_feed",
        "category": "storm",
        "external_ref": "cap-7",
        "geometry": POINT_A,
    }
    system = client_for(world, "system")

    first = post(system, "/api/v1/alerts/submit", body)
    second = post(system, "/api/v1/alerts/submit", {**body, "severity": "extreme"})

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert second.json()["properties"]["severity"] == "extreme"
    assert AlertEvent.objects.filter(actor=world.users["system"]).count() == 2


def test_system_submission_needs_a_token_and_a_system_source(world: World) -> None:
    body = {"title": "Bão", "source": "cap_feed"}

    assert post(client_for(world, "operator"), "/api/v1/alerts/submit", body).status_code == 401
    manual = post(client_for(world, "system"), "/api/v1/alerts/submit", {**body, "source": "manual"})
    assert manual.status_code == 400
    assert "'source' must be one of" in manual.json()["message"]
    assert not Alert.objects.exists()


def test_the_procedure_is_walked_through_the_transition_endpoints(world: World) -> None:
    alert = world.alert()
    operator, officer = client_for(world, "operator"), client_for(world, "officer_a")
    url = f"/api/v1/alerts/{alert.pk}"
    steps: list[tuple[Client, str, dict[str, Any]]] = [
        (operator, "verify", {}),
        (operator, "forward", {"lead_agency": "ubnd-90001", "sector": "public-utilities", "message": "Xử lý"}),
        (officer, "accept", {}),
        (officer, "request-extension", {"until": "2026-03-06T17:00:00", "reason": "Chờ vật tư"}),
        (operator, "grant-extension", {}),
        (officer, "resolve", {"result": "Xong", "evidence": [{"title": "Ảnh", "url": "https://example.org/a.jpg"}]}),
        (operator, "confirm", {}),
    ]

    states = []
    for client, action, body in steps:
        response = post(client, f"{url}/{action}", body)
        assert response.status_code == 200, (action, response.json())
        states.append(response.json()["alert"]["properties"]["state"])

    assert states == ["verified", "forwarded", "in_progress", "in_progress", "in_progress", "resolved", "closed"]
    extension = AlertEvent.objects.get(alert=alert, kind="extension_granted")
    assert extension.data["resolution_deadline"] == "2026-03-06T10:00:00Z"  # 17:00 in Khánh Hòa


def test_a_refusal_without_a_reason_is_a_400_and_writes_nothing(world: World) -> None:
    alert = forwarded_to_a(world)
    events = AlertEvent.objects.count()

    response = post(client_for(world, "officer_a"), f"/api/v1/alerts/{alert.pk}/refuse", {})

    assert response.status_code == 400
    assert "A refusal must give its reason" in response.json()["message"]
    assert AlertEvent.objects.count() == events
    alert.refresh_from_db()
    assert alert.state == "forwarded"


def test_the_second_press_of_the_same_button_is_a_409_naming_who_acted(world: World) -> None:
    alert = world.alert()
    post(client_for(world, "operator"), f"/api/v1/alerts/{alert.pk}/verify", {})

    response = post(client_for(world, "operator2"), f"/api/v1/alerts/{alert.pk}/verify", {})

    assert response.status_code == 409
    assert response.json()["state"] == "verified"
    assert response.json()["last_event"]["actor"] == "operator"


def test_agency_endpoints_are_closed_to_operators_and_ioc_endpoints_to_officers(world: World) -> None:
    alert = forwarded_to_a(world)

    assert post(client_for(world, "operator"), f"/api/v1/alerts/{alert.pk}/accept", {}).status_code == 403
    assert post(client_for(world, "officer_a"), f"/api/v1/alerts/{alert.pk}/confirm", {}).status_code == 403
    assert post(client_for(world, "officer_b"), f"/api/v1/alerts/{alert.pk}/accept", {}).status_code == 404
    assert AlertEvent.objects.filter(alert=alert, kind="accepted").count() == 0


def test_a_body_that_is_not_json_is_refused(world: World) -> None:
    alert = world.alert()

    response = client_for(world, "operator").post(
        f"/api/v1/alerts/{alert.pk}/verify", "{", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["message"].startswith("The request body is not valid JSON: Expecting")
