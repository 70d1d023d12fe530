"""The public ranking of administrative procedure results: no sign-in, ranked best first by agency and commune."""

import json

from django.test import Client
from django.utils import timezone

from agencies.models import Agency
from datahub.arrivals import Arrival, receive
from datahub.models import Dataset, Delivery
from indicators import periods
from indicators.ranking import by_agency
from tests.agencies.factories import make_agency
from tests.datahub.world import World


def _load(world: World) -> None:
    office = make_agency("vp-ubnd-tinh", kind=Agency.Kind.PROCESSING, whole_province=True)
    dataset = Dataset.objects.create(code="dvc", name="Cổng DVC", provider=office, target="dossier_stats")
    label = periods.label("month", periods.recent("month", timezone.localdate(), 1)[0])
    rows = [
        {"agency": "so-tc", "unit_code": "90001", "period": label, "received": 100, "on_time": 60, "late": 40,
         "in_progress": 0},
        {"agency": "so-ct", "unit_code": "90002", "period": label, "received": 50, "on_time": 49, "late": 1,
         "in_progress": 0},
    ]  # fmt: skip
    receive(dataset, Arrival(Delivery.Channel.PUSH, json.dumps(rows).encode(), "json"))


def test_anyone_reads_the_ranking_best_first_in_vietnamese(world: World) -> None:
    _load(world)
    response = Client(HTTP_ACCEPT_LANGUAGE="vi").get("/indicators/procedures/ranking/")
    assert response.status_code == 200
    html = response.content.decode()
    agencies = html.split('data-ranking="agency"')[1].split("</table>")[0]
    assert agencies.index('data-code="so-ct"') < agencies.index('data-code="so-tc"')
    assert "98,0%" in agencies and "60,0%" in agencies
    communes = html.split('data-ranking="commune"')[1].split("</table>")[0]
    assert communes.index("Phường Thử B") < communes.index("Phường Thử A")


def test_ties_share_a_rank_and_agencies_that_resolved_nothing_come_last(world: World) -> None:
    _load(world)
    start = periods.recent("month", timezone.localdate(), 1)[0]
    rows = by_agency(start, start)
    assert [(row.code, row.rank) for row in rows] == [("so-ct", 1), ("so-tc", 2)]
