"""GET /api/v1/search: units, plans, lots, coordinates, alerts and reports, ranked, folded, and only what the
caller may see."""

import unicodedata
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from search.kinds import LotKind, UnitKind
from search.text import FOLD_FROM, FOLD_TO, SearchText, fold
from tests.gis_core.reference import TEST_E, TEST_LAT, TEST_LON, TEST_N
from tests.search.conftest import OTHER_CODE, TRACKING_CODE, Searchable

URL = "/api/v1/search"
pytestmark = pytest.mark.django_db


def search(client: Client, q: str, **params: str) -> list[dict[str, Any]]:
    response = client.get(URL, {"q": q, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def labels(results: list[dict[str, Any]], kind: str | None = None) -> list[str]:
    return [hit["label"] for hit in results if kind is None or hit["kind"] == kind]


@pytest.mark.parametrize(
    ("typed", "unit"),
    [
        ("nha trang", "Phường Nha Trang"),
        ("NHA TRANG", "Phường Nha Trang"),
        ("Ninh Hoa", "Phường Ninh Hòa"),
        ("ninh hoà", "Phường Ninh Hòa"),  # the other tone-mark placement
        (unicodedata.normalize("NFD", "Ninh Hòa"), "Phường Ninh Hòa"),  # decomposed accents, as some phones type
        ("cam lam", "Xã Cam Lâm"),
        ("Xã Cam Lâm", "Xã Cam Lâm"),
        ("  dac   khu truong sa ", "Đặc khu Trường Sa"),
    ],
)
def test_units_are_found_by_name_without_accents_or_case(searchable: Searchable, typed: str, unit: str) -> None:
    first = search(Client(), typed)[0]
    assert (first["kind"], first["label"], first["match"]) == ("unit", unit, "exact")
    west, south, east, north = first["bbox"]
    assert west < east and south < north and 108 < west < 115 and 8 < south < 13


def test_exact_name_ranks_before_prefix_before_contains(searchable: Searchable) -> None:
    results = search(Client(), "nha trang")
    units = [(hit["label"], hit["match"]) for hit in results if hit["kind"] == "unit"]
    assert units[0] == ("Phường Nha Trang", "exact")
    assert {label for label, match in units[1:]} >= {"Phường Bắc Nha Trang", "Phường Tây Nha Trang"}
    scores = [hit["score"] for hit in results]
    assert scores == sorted(scores, reverse=True)
    prefixed = search(Client(), "bac nha")
    assert (prefixed[0]["label"], prefixed[0]["match"]) == ("Phường Bắc Nha Trang", "prefix")
    # A contains-match of a heavier kind never outranks a better match of a lighter one.
    assert search(Client(), "a10")[0]["kind"] == "lot"


def test_kind_weights_order_equal_matches(searchable: Searchable) -> None:
    results = search(Client(), "trung tam nha trang")
    assert [hit["kind"] for hit in results] == ["plan"]
    both = search(Client(), "nha trang")
    unit_contains = min(i for i, hit in enumerate(both) if hit["kind"] == "unit" and hit["match"] == "contains")
    plan_contains = next(i for i, hit in enumerate(both) if hit["kind"] == "plan")
    assert unit_contains < plan_contains  # units weigh more than plans at the same quality


def test_plans_are_found_by_name_and_code_with_their_boundary(searchable: Searchable) -> None:
    (hit,) = search(Client(), "phan khu trung tam")
    assert hit["kind"] == "plan" and hit["label"] == searchable.plan.name and hit["match"] == "contains"
    boundary = searchable.plan.boundary
    assert boundary is not None and hit["bbox"] == pytest.approx(list(boundary.extent), abs=1e-6)
    assert search(Client(), "nha-trang-center")[0]["match"] == "exact"


def test_draft_plans_and_their_lots_only_for_planners(searchable: Searchable) -> None:
    assert labels(search(Client(), "du thao cam lam"), "plan") == []
    assert labels(search(searchable.client_as("operator"), "du thao cam lam"), "plan") == [searchable.draft.name]
    assert labels(search(Client(), "d1"), "lot") == []  # lots of plans not in force are never listed


def test_lots_are_found_by_code_exact_first_then_by_beginning(searchable: Searchable) -> None:
    results = search(Client(), "a1")
    assert labels(results, "lot") == ["Lot A10", "Lot A1-01", "Lot A1-02"]  # equal matches: shorter first
    assert {hit["match"] for hit in results if hit["kind"] == "lot"} == {"prefix"}
    exact = search(Client(), "A10")[0]
    assert (exact["label"], exact["match"], exact["plan_code"]) == ("Lot A10", "exact", "nha-trang-center")
    west, south, east, north = exact["bbox"]
    assert west < TEST_LON < east and south < TEST_LAT < north  # the lot around the test vector
    assert labels(search(Client(), "1-01"), "lot") == []  # codes match from their beginning only
    assert labels(search(Client(), "Lô A10"), "lot") == ["Lot A10"]  # the word before the code is understood


@pytest.mark.parametrize(
    ("typed", "read_as"),
    [
        (f"{TEST_LAT}, {TEST_LON}", "WGS 84, latitude first"),
        (f"{TEST_LON} {TEST_LAT}", "WGS 84, longitude first"),
        (f"{TEST_LAT};{TEST_LON}", "WGS 84, latitude first"),
        ("12,2388 109,1967", "WGS 84, latitude first"),  # decimal commas
        (f"{TEST_E}, {TEST_N}", "VN-2000 TM-3 108°15', easting first"),
        (f"{TEST_N} {TEST_E}", "VN-2000 TM-3 108°15', northing (X) first"),
    ],
)
def test_coordinates_in_either_order_move_to_the_point(searchable: Searchable, typed: str, read_as: str) -> None:
    first = search(Client(), typed)[0]
    assert first["kind"] == "coordinates" and first["match"] == "exact"
    lon, lat = first["point"]
    assert lon == pytest.approx(TEST_LON, abs=1e-6) and lat == pytest.approx(TEST_LAT, abs=1e-6)
    assert first["detail"] == f"{read_as} · Phường Nha Trang"


def test_coordinates_outside_the_province_say_so_and_nonsense_pairs_are_words(searchable: Searchable) -> None:
    (hit,) = search(Client(HTTP_ACCEPT_LANGUAGE="en"), "12.0, 107.5")
    assert hit["kind"] == "coordinates" and hit["detail"].endswith("Outside Khánh Hòa province")
    assert search(Client(), "200 300") == []  # neither degrees nor metres
    assert search(Client(), "95, 200") == []  # a latitude past the pole in either order


def test_staff_find_alerts_by_number(searchable: Searchable) -> None:
    pk = searchable.alert.pk
    for typed in (str(pk), f"#{pk}", f"# {pk}"):
        hits = [hit for hit in search(searchable.client_as("operator"), typed) if hit["kind"] == "alert"]
        assert [hit["label"] for hit in hits] == [f"#{pk} — Ngập sâu tại phường Nha Trang"]
        assert hits[0]["url"] == f"/alerts/{pk}/" and hits[0]["bbox"] == pytest.approx([TEST_LON, TEST_LAT] * 2)


@pytest.mark.parametrize("who", ["anonymous", "officer"])
def test_alerts_stay_hidden_from_the_public_and_other_agencies(searchable: Searchable, who: str) -> None:
    pk = searchable.alert.pk
    assert [hit for hit in search(searchable.client_as(who), f"#{pk}") if hit["kind"] == "alert"] == []


def test_a_citizen_finds_their_report_by_its_exact_code_only(searchable: Searchable) -> None:
    for typed in (TRACKING_CODE, TRACKING_CODE.lower(), "pa7k-3m9q-2x"):
        (hit,) = search(Client(), typed)
        assert hit["kind"] == "field_report" and hit["match"] == "exact"
        assert hit["url"] == f"/field-reports/track/{TRACKING_CODE}/"
        assert hit["point"] == pytest.approx([TEST_LON, TEST_LAT])
    # A beginning of the code lists nothing, so codes cannot be guessed from the box.
    for partial in ("PA7K", "PA7K3M9Q", "PA7K3M9Q2"):
        assert search(Client(), partial) == []
    assert [hit["label"] for hit in search(Client(), OTHER_CODE)] == [f"Report {OTHER_CODE}"]


def test_staff_find_reports_by_the_beginning_of_the_code(searchable: Searchable) -> None:
    hits = search(searchable.client_as("operator"), "PA7K3M9Q")
    assert [(hit["label"], hit["match"]) for hit in hits] == [
        (f"Report {TRACKING_CODE}", "prefix"),
        (f"Report {OTHER_CODE}", "prefix"),
    ]
    assert hits[0]["url"] == f"/alerts/{searchable.report.alert_id}/"
    assert search(searchable.client_as("officer"), "PA7K3M9Q") == []  # not their agency's reports


@pytest.mark.vietnamese
def test_labels_and_kind_labels_are_in_the_active_language(searchable: Searchable) -> None:
    commune = search(Client(), "cam lam")[0]
    assert (commune["kind_label"], commune["detail"]) == ("Xã", "Tỉnh Khánh Hòa")
    lot = search(Client(), "A10")[0]
    assert (lot["label"], lot["kind_label"], lot["detail"]) == ("Lô A10", "Lô quy hoạch", searchable.plan.name)
    point = search(Client(), "12.2388, 109.1967")[0]
    assert (point["label"], point["kind_label"]) == ("Vĩ độ 12,238800, kinh độ 109,196700", "Tọa độ")
    report = search(Client(), TRACKING_CODE)[0]
    assert (report["label"], report["kind_label"]) == (f"Phản ánh {TRACKING_CODE}", "Phản ánh hiện trường")
    english = search(Client(HTTP_ACCEPT_LANGUAGE="en"), "cam lam")[0]
    assert english["kind_label"] == "Commune"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "Type what to search for"),
        ({"q": "   "}, "Type what to search for"),
        ({"q": "x" * 101}, "101 characters"),
        ({"q": "nha\x00trang"}, "NUL"),
        ({"q": "nha trang", "limit": "0"}, "limit=0"),
        ({"q": "nha trang", "limit": "abc"}, "limit=abc"),
    ],
)
def test_bad_input_is_a_400_with_a_clear_message(searchable: Searchable, params: dict[str, str], message: str) -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(URL, params)
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_text_parse_refuses_nul_even_without_the_middleware() -> None:
    from core.errors import InvalidInput

    with pytest.raises(InvalidInput, match="NUL"):
        SearchText.parse("nha\x00trang")
    assert SearchText.parse(" Nha\tTrang ").folded == "nha trang"


def test_sql_fold_agrees_with_python_fold(searchable: Searchable) -> None:
    letters = FOLD_FROM + FOLD_FROM.upper() + "ĐƯƠ AbC"
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_fold(%s)", [letters])
        (folded,) = cursor.fetchone()
    assert folded == fold(letters) and set(FOLD_TO) | {" "} >= set(folded.replace("abc", ""))


@pytest.mark.parametrize(("kind", "typed", "index"), [(UnitKind, "nha trang", "search_unit_name_trgm"),
                                                      (LotKind, "a1", "search_lot_code")])  # fmt: skip
def test_matching_uses_the_search_indexes(searchable: Searchable, kind: type, typed: str, index: str) -> None:
    with CaptureQueriesContext(connection) as captured:
        kind().find(SearchText.parse(typed), AnonymousUser(), 10)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few test rows: make the planner show what it can use
        cursor.execute("EXPLAIN " + captured.captured_queries[-1]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan
