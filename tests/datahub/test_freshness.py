"""A dataset that misses its expected update raises exactly one data-feed alert and tells its provider."""

import datetime
import json

from django.urls import reverse
from django.utils import timezone

from alerts.models import Alert, Outbox
from core import periodic
from datahub import freshness
from datahub.models import Dataset, Freshness
from tests.datahub.world import World, with_token

ROWS = [{"indicator": "budget-revenue", "period": "2026-03", "value": 1450}]


def deliver(world: World, value: int = 1450) -> None:
    rows = [{**ROWS[0], "value": value}]
    url = reverse("datahub:api-push", args=[world.dataset.code])
    response = with_token(world.token).post(url, json.dumps(rows), content_type="application/json")
    assert response.status_code in (200, 201), response.content


def test_freshness_goes_fresh_late_interrupted(world: World) -> None:
    deliver(world)
    dataset = Dataset.objects.get()
    received = dataset.last_received_at
    assert received is not None

    states = [dataset.freshness(received + datetime.timedelta(days=days)) for days in (29, 31, 89, 91)]

    assert states == [Freshness.FRESH, Freshness.LATE, Freshness.LATE, Freshness.INTERRUPTED]


def test_a_dataset_left_without_updates_raises_exactly_one_data_feed_alert(world: World) -> None:
    deliver(world)
    later = timezone.now() + datetime.timedelta(days=31)

    first = freshness.check(later)
    again = freshness.check(later + datetime.timedelta(hours=1))
    much_later = freshness.check(later + datetime.timedelta(days=60))

    assert len(first.raised) == 1 and not again.raised and not much_later.raised
    alert = Alert.objects.get()
    assert (alert.source, alert.category, alert.procedure) == ("feed_interruption", "feed_interruption", "deadline")
    assert alert.details["dataset"] == "finance" and "Chỉ tiêu tài chính" in alert.title
    audiences = {(message.audience, message.agency_id) for message in Outbox.objects.filter(alert=alert)}
    assert ("agency_focal", world.provider.pk) in audiences  # the provider hears of it
    assert ("operators", None) in audiences
    assert [message["email"] for message in Outbox.objects.get(alert=alert, agency=world.provider).recipients]


def test_data_arriving_records_the_retreat_and_a_new_gap_raises_a_new_alert(world: World) -> None:
    deliver(world)
    freshness.check(timezone.now() + datetime.timedelta(days=31))
    alert = Alert.objects.get()

    deliver(world, 1460)  # the provider sends again

    alert.refresh_from_db()
    world.dataset.refresh_from_db()
    assert alert.retreated_at is not None and world.dataset.feed_alert is None
    assert alert.events.filter(kind="hazard_retreated").count() == 1
    freshness.check(timezone.now() + datetime.timedelta(days=62))
    assert Alert.objects.count() == 2


def test_a_dataset_on_demand_or_inactive_is_never_late(world: World) -> None:
    Dataset.objects.update(expected_every=None)
    assert not freshness.check(timezone.now() + datetime.timedelta(days=400)).raised
    Dataset.objects.update(expected_every=datetime.timedelta(days=1), is_active=False)
    assert not freshness.check(timezone.now() + datetime.timedelta(days=400)).raised


def test_the_worker_runs_the_check_among_its_periodic_tasks(world: World, settings: object) -> None:
    Dataset.objects.update(created_at=timezone.now() - datetime.timedelta(days=45))  # never received, due long ago

    runs = {run.name: run.summary for run in periodic.run_due(timezone.now(), force=True)}

    assert runs["datahub.freshness"] == "data-feed alerts raised=1"
    assert Alert.objects.filter(category="feed_interruption").count() == 1
