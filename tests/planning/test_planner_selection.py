"""Lots picked on the planners' map: a box or clicks become ids= and bbox= of the lots API and of the page, paged."""

import csv
import io
import re

import pytest
from django.contrib.gis.geos import Polygon
from django.test import Client

from accounts.models import User
from planning import planner_page
from planning.lot_search import MAX_IDS
from planning.models import Plan, ZoningLot
from tests.planning.conftest import ADJUSTED_FROM

API = "/api/v1/planning/lots"
PAGE = "/planning/planners/"


@pytest.fixture
def planner(client: Client, django_user_model: type[User], zoning_plan: Plan) -> Client:
    client.force_login(django_user_model.objects.create_user("planner", password="correct-horse-42"))
    return client


def _in_force(code: str) -> ZoningLot:
    return ZoningLot.objects.get(lot_code=code, revision__effective_from=ADJUSTED_FROM)


def _bbox(e0: float, n0: float, e1: float, n1: float) -> str:
    """west,south,east,north in degrees of a box given in VN-2000 TM-3 metres, as the map sends it."""
    box = Polygon.from_bbox((e0, n0, e1, n1))
    box.srid = 9217
    box.transform(4326)
    return ",".join(f"{value:.7f}" for value in box.extent)


def _api_codes(client: Client, **params: str) -> tuple[int, list[str]]:
    response = client.get(API, params)
    assert response.status_code == 200, response.content
    body = response.json()
    return body["count"], [lot["lot_code"] for lot in body["lots"]]


def test_a_box_drawn_inside_one_lot_selects_only_that_lot(planner: Client) -> None:
    count, codes = _api_codes(planner, bbox=_bbox(602_750, 1_353_620, 602_850, 1_353_680))
    assert (count, codes) == (1, ["A1"])


def test_a_box_over_the_whole_plan_selects_every_lot_in_force(planner: Client) -> None:
    count, codes = _api_codes(planner, bbox=_bbox(602_600, 1_353_500, 603_200, 1_353_800))
    assert (count, sorted(codes)) == (3, ["A1", "A2", "R1"])


def test_a_box_keeps_the_filters(planner: Client) -> None:
    count, codes = _api_codes(planner, bbox=_bbox(602_600, 1_353_500, 603_200, 1_353_800), land_use="DKV")
    assert (count, codes) == (1, ["A2"])


def test_clicked_ids_select_exactly_those_lots(planner: Client) -> None:
    ids = f"{_in_force('R1').pk},{_in_force('A1').pk}"
    count, codes = _api_codes(planner, ids=ids)
    assert (count, sorted(codes)) == (2, ["A1", "R1"])


def test_ids_of_lots_not_in_force_select_nothing(planner: Client) -> None:
    old = ZoningLot.objects.get(lot_code="A1", revision__number=1)
    assert _api_codes(planner, ids=str(old.pk)) == (0, [])


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"ids": "12,abc"}, "Parameter ids has values that are not lot numbers: abc."),
        ({"ids": ",".join(str(n) for n in range(1, MAX_IDS + 2))}, f"at most {MAX_IDS} can be selected"),
        ({"bbox": "109.1,12.2,109.3"}, "Parameter bbox=109.1,12.2,109.3 must be west,south,east,north"),
        ({"bbox": "109.3,12.2,109.1,12.3"}, "west below east"),
        ({"bbox": "9.1,12.2,9.3,12.3"}, "around Khánh Hòa"),
        ({"bbox": "109.1,12.2,nan,12.3"}, "must be west,south,east,north"),
    ],
)
def test_bad_selections_are_refused_with_a_clear_message(
    planner: Client, params: dict[str, str], fragment: str
) -> None:
    response = planner.get(API, params)
    assert response.status_code == 400
    assert fragment in response.json()["message"]
    page = planner.get(PAGE, params)
    assert page.status_code == 400 and fragment in page.content.decode()


def test_the_page_shows_the_selected_lots_and_exports_only_them(planner: Client) -> None:
    ids = f"{_in_force('A1').pk},{_in_force('A2').pk}"
    html = planner.get(PAGE, {"plan": "test-zoning", "ids": ids}).content.decode()
    assert 'data-lot="A1"' in html and 'data-lot="A2"' in html and 'data-lot="R1"' not in html
    assert "2 selected lots" in html
    assert f'<script id="pp-selected" type="application/json">[{ids.replace(",", ", ")}]</script>' in html
    links = {fmt: url for url, fmt in re.findall(r'href="([^"]+)" data-format="(\w+)"', html)}
    csv_link = links["csv"].replace("&amp;", "&")
    assert "ids=" in csv_link
    text = planner.get(csv_link).content.decode("utf-8-sig")
    assert sorted(row["lot_code"] for row in csv.DictReader(io.StringIO(text))) == ["A1", "A2"]


def test_the_table_pages_through_the_lots_with_counts(planner: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(planner_page, "PAGE_ROWS", 2)
    first = planner.get(PAGE, {"plan": "test-zoning"}).content.decode()
    assert "Lots 1\N{EN DASH}2 of 3" in first
    assert re.findall(r'data-lot="(\w+)"', first) == ["A1", "A2"]
    assert 'aria-current="page">1<' in first and 'rel="next" href="?plan=test-zoning&amp;page=2"' in first
    second = planner.get(PAGE, {"plan": "test-zoning", "page": "2"}).content.decode()
    assert "Lots 3\N{EN DASH}3 of 3" in second and re.findall(r'data-lot="(\w+)"', second) == ["R1"]
    assert 'rel="prev" href="?plan=test-zoning&amp;page=1"' in second and 'rel="next"' not in second
    # A page past the end shows the last one rather than an error.
    last = planner.get(PAGE, {"plan": "test-zoning", "page": "9"}).content.decode()
    assert re.findall(r'data-lot="(\w+)"', last) == ["R1"]


def test_the_results_part_alone_is_what_the_map_asks_for(planner: Client) -> None:
    response = planner.get(PAGE, {"plan": "test-zoning", "ids": str(_in_force("R1").pk), "part": "results"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="pp-results"') and "<html" not in html
    assert re.findall(r'data-lot="(\w+)"', html) == ["R1"]
    assert "pp-implementation" not in html
