"""Plan upload in the web app: the dry-run report first, then Confirm applies exactly that file, once."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django import Settings
from shapely.geometry import box

from accounts.models import Role, User
from gis_core.models import AdminUnit
from planning.models import Plan, PlanRevision, StagedPlanImport, ZoningLot
from planning.staged_import import staging_dir
from tests.imports.worker import refused, through_worker
from tests.planning.test_import_plan import LOTS, MAPPING, _gpkg

UPLOAD = reverse("planning:import")
COLUMNS = {
    "column_lot_code": "MA_LO",
    "column_land_use": "KH_SDD",
    "column_function_name": "CHUC_NANG",
    "column_building_coverage_pct": "MDXD",
    "column_floor_area_ratio": "HSSDD",
    "column_floors_max": "TANG_CAO",
}
NEW_PLAN = {"plan_code": "qhpk-tai-len", "plan_name": "Quy hoạch phân khu tải lên", "plan_type": "zoning_2000"}
REVISION = {
    "decision_number": "300/QĐ-UBND",
    "effective_from": "2024-04-01",
    "encoding": "auto",
    "aliases": "OTDT = ODT",
}
# Overlaps L3 by 10 m x 10 m (100 m²), and lies partly outside the ward (east of E 606 000).
OVERLAPPING = ("L4", "DKV", "Cây xanh", None, None, None, box(602_830, 1_353_630, 602_840, 1_353_640))
OUTSIDE = ("L5", "DGT", "Đường", None, None, None, box(605_990, 1_353_600, 606_050, 1_353_640))
UNKNOWN = ("L6", "XYZ", "", None, None, None, box(602_900, 1_353_600, 602_960, 1_353_640))


@pytest.fixture(autouse=True)
def private_media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _client(django_user_model: type[User], role: Role, name: str = "planner") -> Client:
    client = Client()
    client.force_login(django_user_model.objects.create_user(name, password="correct-horse-42", role=role))
    return client


@pytest.fixture
def planner(ward: AdminUnit, django_user_model: type[User]) -> Client:
    return _client(django_user_model, Role.OPERATOR)


def _file(tmp_path: Path, lots: list[tuple] = LOTS, name: str = "lots.gpkg") -> SimpleUploadedFile:
    path = _gpkg(tmp_path / name, lots)
    return SimpleUploadedFile(name, path.read_bytes(), content_type="application/geopackage+sqlite3")


def _post(client: Client, upload: Any, **fields: Any) -> Any:
    """Upload and let the worker run the check (an import job), as the planner's page then shows."""
    return through_worker(client, client.post(UPLOAD, {"file": upload, **COLUMNS, **NEW_PLAN, **REVISION, **fields}))


def _confirm(client: Client, token: str) -> Any:
    """Confirm and let the worker apply the file (an import job)."""
    return through_worker(client, client.post(reverse("planning:import-confirm", args=[token])))


def _written() -> tuple[int, int, int, int]:
    staged_files = sum(1 for path in staging_dir().rglob("*") if path.is_file()) if staging_dir().exists() else 0
    return Plan.objects.count(), PlanRevision.objects.count(), ZoningLot.objects.count(), staged_files


def test_the_report_comes_first_and_confirm_writes_the_lots(
    planner: Client, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    response = _post(planner, _file(tmp_path, [*LOTS, OVERLAPPING, OUTSIDE]))
    assert response.status_code == 302
    assert (Plan.objects.count(), ZoningLot.objects.count()) == (0, 0)  # a dry run: nothing written yet
    staged = StagedPlanImport.objects.get()
    page = planner.get(response["Location"]).content.decode()
    assert "Confirming writes 5 lots as revision 1 of plan qhpk-tai-len." in page
    assert "L3/L4 (100 m²)" in page
    assert '<tr data-check="outside_units"><td>Lots outside the plan\'s administrative units</td><td>1</td>' in page
    missing = '<tr data-check="missing-building_coverage_pct"><td>Lots without building_coverage_pct</td><td>3</td>'
    assert missing in page
    assert "data-confirm" in page

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = _confirm(planner, staged.token)
    assert confirmed.status_code == 302
    plan = Plan.objects.get(code="qhpk-tai-len")
    revision = plan.revisions.get()
    assert (revision.number, revision.decision_number, str(revision.effective_from)) == (1, "300/QĐ-UBND", "2024-04-01")
    assert set(revision.lots.values_list("lot_code", flat=True)) == {"L1", "L2", "L3", "L4", "L5"}
    assert revision.lots.get(lot_code="L2").land_use_id == "ODT"  # through the aliases
    assert (revision.lots.get(lot_code="L1").floors_min, revision.lots.get(lot_code="L1").floors_max) == (3, 5)
    after = planner.get(confirmed["Location"]).content.decode()
    assert "Applied: revision 1 of plan qhpk-tai-len written." in after and "data-confirm" not in after
    assert not (staging_dir() / staged.token).exists()


def test_confirming_twice_writes_nothing_the_second_time(planner: Client, tmp_path: Path) -> None:
    _post(planner, _file(tmp_path))
    staged = StagedPlanImport.objects.get()
    url = reverse("planning:import-confirm", args=[staged.token])
    _confirm(planner, staged.token)
    before = _written()
    again = planner.post(url)
    assert again.status_code == 200
    assert "was already applied" in again.content.decode()
    assert _written() == before


def test_the_same_file_again_changes_nothing_and_a_changed_file_is_a_new_revision(
    planner: Client, tmp_path: Path
) -> None:
    _post(planner, _file(tmp_path))
    _confirm(planner, StagedPlanImport.objects.get().token)
    plan = Plan.objects.get(code="qhpk-tai-len")
    same = _post(planner, _file(tmp_path), plan=str(plan.pk), effective_from="2025-01-01")
    page = planner.get(same["Location"]).content.decode()
    assert "The file is the same as revision 1 of plan qhpk-tai-len: confirming changes nothing." in page
    changed = _post(
        planner, _file(tmp_path, [(*LOTS[0][:1], "DGD", *LOTS[0][2:]), *LOTS[1:]], "changed.gpkg"),
        plan=str(plan.pk), effective_from="2025-01-01",
    )  # fmt: skip
    token = changed["Location"].rstrip("/").split("/")[-1]
    _confirm(planner, token)
    first, second = plan.revisions.order_by("number")
    assert (str(first.effective_to), second.lots.get(lot_code="L1").land_use_id) == ("2024-12-31", "DGD")


def test_a_mapping_file_can_replace_the_form_fields(planner: Client, tmp_path: Path) -> None:
    mapping = SimpleUploadedFile("mapping.yml", MAPPING.encode(), content_type="application/yaml")
    response = planner.post(UPLOAD, {"file": _file(tmp_path), "mapping_file": mapping, "encoding": "auto"})
    response = through_worker(planner, response)
    assert response.status_code == 302
    _confirm(planner, StagedPlanImport.objects.get().token)
    assert Plan.objects.get(code="qhpk-thu-nghiem").revisions.get().lots.count() == 3


@pytest.mark.parametrize(
    ("make", "fields", "message"),
    [
        (
            lambda tmp: _file(tmp, [*LOTS, UNKNOWN]),
            {},
            "feature 4: the land-use code &#x27;XYZ&#x27; is not in the national catalogue; map it with the "
            "“Land-use codes of the file that mean catalogue codes” field, or leave such lots out with the box",
        ),
        (
            lambda tmp: _file(tmp, [*LOTS, ("L9", "ODT", "", "150", None, None, box(1, 2, 3, 4))]),
            {},
            "building_coverage_pct=150 is outside 0 to 100",
        ),
        (
            lambda tmp: SimpleUploadedFile("lots.gpkg", b"not a geopackage"),
            {},
            "cannot be read as a vector file",
        ),
        (
            lambda tmp: SimpleUploadedFile("lots.exe", b"MZ"),
            {},
            "files of type .exe are not accepted",
        ),
        (lambda tmp: _file(tmp), {"column_land_use": "NO_SUCH"}, "the column &#x27;NO_SUCH&#x27; (for land_use)"),
        (lambda tmp: _file(tmp), {"column_lot_code": ""}, "Name the column holding this field"),
        (lambda tmp: _file(tmp), {"plan_type": ""}, "A new plan needs a code, a name and a type"),
        (
            lambda tmp: _file(tmp),
            {"mapping_file": SimpleUploadedFile("mapping.yml", b"fields:\n  lot_code: MA_LO\n")},
            "&#x27;fields&#x27; must name the column of land_use",
        ),
    ],
    ids=[
        "unknown code",
        "bad indicator",
        "not vector data",
        "wrong type",
        "missing column",
        "no lot code column",
        "new plan without type",
        "bad mapping file",
    ],
)
def test_a_bad_upload_shows_the_message_and_writes_nothing(
    planner: Client, tmp_path: Path, make: Any, fields: dict[str, Any], message: str
) -> None:
    before = _written()
    response = _post(planner, make(tmp_path), **fields)
    assert refused(response)
    assert message in response.content.decode()
    assert _written() == before
    assert not StagedPlanImport.objects.exists()


def test_an_adjustment_dated_before_the_current_revision_is_refused_on_the_form(
    planner: Client, tmp_path: Path
) -> None:
    _post(planner, _file(tmp_path))
    _confirm(planner, StagedPlanImport.objects.get().token)
    plan = Plan.objects.get(code="qhpk-tai-len")
    before = _written()
    changed = _file(tmp_path, [(*LOTS[0][:1], "DGD", *LOTS[0][2:]), *LOTS[1:]], "changed.gpkg")
    response = _post(planner, changed, plan=str(plan.pk), effective_from="2024-01-01")
    assert refused(response)
    assert "An adjustment must start after revision 1, which starts on 2024-04-01" in response.content.decode()
    assert _written() == before and StagedPlanImport.objects.count() == 1


def test_unknown_codes_may_be_left_out_and_are_listed(planner: Client, tmp_path: Path) -> None:
    response = _post(planner, _file(tmp_path, [*LOTS, UNKNOWN]), skip_unknown_codes="on")
    page = planner.get(response["Location"]).content.decode()
    skipped = (
        '<tr data-check="skipped"><td>Unknown land-use codes (left out)</td><td>1</td><td class="pp-lots">L6 (XYZ)'
    )
    assert skipped in page
    assert "Confirming writes 3 lots" in page


def test_a_file_changed_after_the_check_is_not_applied(planner: Client, tmp_path: Path) -> None:
    _post(planner, _file(tmp_path))
    staged = StagedPlanImport.objects.get()
    (staging_dir() / staged.token / staged.file_name).write_bytes(b"changed")
    response = _confirm(planner, staged.token)
    assert refused(response)
    assert "no longer there unchanged" in response.content.decode()
    assert (Plan.objects.count(), ZoningLot.objects.count()) == (0, 0)
    assert StagedPlanImport.objects.get().status == StagedPlanImport.Status.STAGED


def test_anonymous_visitors_are_sent_to_sign_in(ward: AdminUnit, tmp_path: Path) -> None:
    response = Client().post(UPLOAD, {"file": _file(tmp_path), **COLUMNS, **NEW_PLAN, **REVISION})
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert not StagedPlanImport.objects.exists()


def test_a_viewer_may_not_upload_nor_confirm(
    planner: Client, ward: AdminUnit, django_user_model: type[User], tmp_path: Path
) -> None:
    viewer = _client(django_user_model, Role.VIEWER, "citizen")
    response = _post(viewer, _file(tmp_path))
    assert response.status_code == 403 and "planning.import" in response.json()["message"]
    _post(planner, _file(tmp_path))
    token = StagedPlanImport.objects.get().token
    refusal = viewer.post(reverse("planning:import-confirm", args=[token]))
    assert refusal.status_code == 403
    assert (Plan.objects.count(), ZoningLot.objects.count()) == (0, 0)


def test_another_planner_cannot_see_or_confirm_an_upload(
    planner: Client, django_user_model: type[User], tmp_path: Path
) -> None:
    _post(planner, _file(tmp_path))
    token = StagedPlanImport.objects.get().token
    other = _client(django_user_model, Role.OPERATOR, "other")
    assert other.get(reverse("planning:import-report", args=[token])).status_code == 404
    assert other.post(reverse("planning:import-confirm", args=[token])).status_code == 404
    assert ZoningLot.objects.count() == 0
