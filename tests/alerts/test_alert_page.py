"""An alert's page: place, units and lots, routing, deadlines, timeline, and exactly the actions open to the user."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.db import transaction
from django.test import Client
from time_machine import TimeMachineFixture

from accounts.models import User
from alerts.actions import ACTIONS, available
from alerts.models import Alert
from alerts.records import PhoneCall
from alerts.transitions import STEPS
from core.errors import Conflict, Forbidden, NotAuthenticated
from planning.catalogue import sync_catalogue
from planning.models import LandUseCode, Plan, ZoningLot
from tests.alerts.conftest import START
from tests.alerts.world import World

EVIDENCE = [{"title": "Ảnh sau xử lý", "url": "https://example.org/anh.jpg"}]
USERS = ("operator", "admin", "officer_a", "officer_b", "officer_pccc", "viewer", "system")


def client_of(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def in_state(world: World, state: str, **extra: Any) -> Alert:
    """An alert of ward A brought to a state by the real steps (lead ubnd-90001, pccc coordinating)."""
    operator, officer = world.users["operator"], world.users["officer_a"]
    alert = world.alert(**extra)
    if state == "new":
        return alert
    if state == "rejected":
        alert.reject(operator, "Sai")
        return alert
    alert.verify(operator)
    if state == "verified":
        return alert
    alert.forward(operator, world.ubnd_a, coordinating=[world.pccc], sector=world.utilities, reason="Phối hợp PCCC")
    if state == "returned":
        alert.refuse(officer, "Không thuộc thẩm quyền")
        return alert
    if state == "forwarded":
        return alert
    alert.accept(officer)
    if state == "extension_asked":
        alert.request_extension(officer, START + datetime.timedelta(days=30), "Chờ vật tư")
        return alert
    if state == "in_progress":
        return alert
    alert.resolve(officer, "Đã xử lý", EVIDENCE)
    if state == "resolved":
        return alert
    alert.confirm(operator)
    return alert


def attempts(world: World) -> dict[str, Callable[[Alert, User], object]]:
    """Each step with valid input: whether it succeeds depends only on who acts and where the alert stands."""
    later = START + datetime.timedelta(days=60)
    return {
        "verify": lambda a, u: a.verify(u),
        "reject": lambda a, u: a.reject(u, "Sai"),
        "forward": lambda a, u: a.forward(u, world.ubnd_a, sector=world.utilities, message="Xử lý", reason="Đổi",
                                          phone_call=PhoneCall(to="0258 3822 000")),
        "change-procedure": lambda a, u: a.change_procedure(
            u, "immediate" if a.procedure == "deadline" else "deadline", "Đổi quy trình"),
        "grant-extension": lambda a, u: a.grant_extension(u, later, "Đồng ý"),
        "deny-extension": lambda a, u: a.deny_extension(u, "Không"),
        "confirm": lambda a, u: a.confirm(u),
        "return-for-rework": lambda a, u: a.return_for_rework(u, "Thiếu ảnh"),
        "accept": lambda a, u: a.accept(u),
        "refuse": lambda a, u: a.refuse(u, "Không thuộc thẩm quyền"),
        "request-extension": lambda a, u: a.request_extension(u, later, "Chờ vật tư"),
        "resolve": lambda a, u: a.resolve(u, "Xong", EVIDENCE),
        "note": lambda a, u: a.add_note(u, "Đang xử lý"),
    }  # fmt: skip


def succeeds(step: Callable[[Alert, User], object], alert: Alert, user: User) -> bool:
    try:
        with transaction.atomic():
            step(alert, user)
            transaction.set_rollback(True)
    except (Conflict, Forbidden, NotAuthenticated):
        return False
    finally:
        alert.refresh_from_db()
    return True


STATES = (
    "new",
    "verified",
    "rejected",
    "forwarded",
    "returned",
    "in_progress",
    "extension_asked",
    "resolved",
    "closed",
)


@pytest.mark.parametrize("state", STATES)
def test_the_page_offers_exactly_the_steps_that_would_succeed(world: World, state: str) -> None:
    alert = in_state(world, state)
    steps = attempts(world)
    for who in USERS:
        user = world.users[who]
        offered = {action.name for action in available(alert, user)} - {"quick-report"}
        allowed = {name for name, step in steps.items() if succeeds(step, alert, user)}
        assert offered == allowed, f"{who} on a {state} alert"


def test_every_step_has_one_page_action_and_quick_reports_are_for_operators(world: World) -> None:
    assert [action.name for action in ACTIONS if action.name not in STEPS] == []
    alert = world.alert()
    assert "quick-report" in {a.name for a in available(alert, world.users["operator"])}
    assert "quick-report" not in {a.name for a in available(alert, world.users["officer_a"])}


def test_the_page_shows_place_units_lots_routing_deadlines_and_timeline(
    world: World, frozen_clock: TimeMachineFixture
) -> None:
    sync_catalogue(LandUseCode)
    plan = Plan.objects.create(code="qh-thu", name="Quy hoạch phân khu thử", plan_type=Plan.Type.ZONING_2000,
                               status=Plan.Status.APPROVED, effective_from=datetime.date(2020, 1, 1))  # fmt: skip
    revision = plan.add_revision(effective_from=datetime.date(2020, 1, 1), title="Gốc")
    square = Polygon.from_bbox((109.124, 12.224, 109.126, 12.226))
    ZoningLot.objects.create(
        revision=revision, lot_code="OA-07", land_use_id="ODT", geom=MultiPolygon(square, srid=4326)
    )
    alert = in_state(world, "forwarded")
    frozen_clock.shift(datetime.timedelta(minutes=40))

    page = client_of(world, "operator").get(f"/alerts/{alert.pk}/")

    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="alert-map"' in html and f"/api/v1/alerts/{alert.pk}" in html  # the map draws the alert
    assert 'data-unit="90001"' in html
    assert 'data-lot="OA-07"' in html and "Quy hoạch phân khu thử" in html
    assert 'data-proposal-lead="ubnd-90001"' in html
    assert 'data-key="step"' in html and "3 hours 20 minutes left" in html  # 4 h to accept, forwarded 40 minutes ago
    assert 'data-key="resolution"' in html
    assert [kind for kind in ("created", "verified", "forwarded") if f'data-kind="{kind}"' in html] == [
        "created", "verified", "forwarded",
    ]  # fmt: skip
    assert 'data-action="accept"' not in html  # the agency's step is not the operator's
    assert 'data-action="quick-report"' in html and 'data-action="note"' in html


def test_an_overdue_step_is_flagged_on_the_page(world: World, frozen_clock: TimeMachineFixture) -> None:
    alert = world.alert()
    frozen_clock.move_to(START + datetime.timedelta(hours=2))

    html = client_of(world, "operator").get(f"/alerts/{alert.pk}/").content.decode()

    assert "al-badge--overdue" in html and "overdue by 1 hour" in html


def test_a_form_without_the_required_reason_comes_back_with_the_message_and_nothing_changes(world: World) -> None:
    alert = world.alert()
    client = client_of(world, "operator")

    refused = client.post(f"/alerts/{alert.pk}/reject/", {"reason": "  "})

    assert refused.status_code == 400
    assert "Say why the alert is false" in refused.content.decode()
    alert.refresh_from_db()
    assert (alert.state, alert.events.count()) == ("new", 1)
    done = client.post(f"/alerts/{alert.pk}/reject/", {"reason": "Camera nhận diện nhầm"})
    assert done.status_code == 302
    alert.refresh_from_db()
    assert alert.state == "rejected"


def test_forwarding_from_the_page_keeps_the_proposal_and_a_change_needs_a_reason(world: World) -> None:
    alert = in_state(world, "verified")
    client = client_of(world, "operator")

    changed = client.post(f"/alerts/{alert.pk}/forward/", {"lead_agency": "pccc", "sector": "public-utilities"})
    assert changed.status_code == 400 and "give the reason for the change" in changed.content.decode()

    kept = client.post(f"/alerts/{alert.pk}/forward/", {"lead_agency": "ubnd-90001", "sector": "public-utilities",
                                                       "message": "Đề nghị xử lý"})  # fmt: skip
    assert kept.status_code == 302
    alert.refresh_from_db()
    event = alert.events.get(kind="forwarded")
    assert (alert.state, alert.lead_agency, event.data["routing_changed"]) == ("forwarded", world.ubnd_a, False)


def test_an_agency_that_refuses_from_its_phone_goes_back_to_its_inbox(world: World) -> None:
    alert = in_state(world, "forwarded")

    response = client_of(world, "officer_a").post(f"/alerts/{alert.pk}/refuse/", {"reason": "Không thuộc thẩm quyền"})

    assert response.status_code == 302 and response["Location"] == "/alerts/inbox/"
    alert.refresh_from_db()
    assert alert.state == "returned"


def test_who_may_open_the_page(world: World) -> None:
    alert = in_state(world, "forwarded")

    assert Client().get(f"/alerts/{alert.pk}/").status_code == 302  # to the sign-in page
    assert client_of(world, "officer_b").get(f"/alerts/{alert.pk}/").status_code == 404  # not its agency's
    viewer = client_of(world, "viewer").get(f"/alerts/{alert.pk}/")
    assert viewer.status_code == 200 and "data-no-actions" in viewer.content.decode()
    coordinating = client_of(world, "officer_pccc").get(f"/alerts/{alert.pk}/").content.decode()
    assert 'data-action="note"' in coordinating and 'data-action="accept"' not in coordinating
    assert client_of(world, "officer_b").post(f"/alerts/{alert.pk}/accept/").status_code == 404


def test_a_step_taken_meanwhile_by_someone_else_is_a_conflict_shown_on_the_page(world: World) -> None:
    alert = world.alert()
    first, second = client_of(world, "operator"), client_of(world, "operator2")

    assert first.post(f"/alerts/{alert.pk}/verify/").status_code == 302
    late = second.post(f"/alerts/{alert.pk}/verify/")

    assert late.status_code == 409 and "reload it to see who acted last" in late.content.decode()
