"""Uploads of layers and plans as jobs: the request stores the file and returns; the worker imports and reports."""

import datetime
import gc
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from core import periodic
from gis_core.models import AdminUnit
from imports import jobs
from imports.kinds import JOB_KINDS, JobKind, JobResult
from imports.models import ImportJob
from layers.models import Layer
from planning.models import StagedPlanImport, ZoningLot
from tests.imports.conftest import People
from tests.layers import data
from tests.planning.test_import_upload import COLUMNS, NEW_PLAN, REVISION, _file

pytestmark = pytest.mark.django_db
HOST: dict[str, Any] = {"HTTP_HOST": "localhost"}


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload_layer(client: Client, tmp_path: Path, records: list[dict[str, Any]] = data.ZONES) -> Any:
    path = data.write(tmp_path / "khu.geojson", records, driver="GeoJSON")
    form = {"file": SimpleUploadedFile("khu.geojson", path.read_bytes()), "slug": "khu", "title": "Khu dân cư",
            "access": "public", "encoding": "auto", "publish": "on"}  # fmt: skip
    return client.post(reverse("layers:upload"), form, **HOST)


def the_job(response: Any) -> ImportJob:
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("imports:job", args=[job.pk])
    return job


def test_a_layer_upload_returns_at_once_and_the_worker_imports_it(people: People, tmp_path: Path) -> None:
    client = signed_in(people.owner_officer)
    job = the_job(upload_layer(client, tmp_path))
    assert job.state == "queued" and jobs.job_file(job).is_file()
    assert not Layer.objects.exists() and data.upload_tables() == []  # nothing imported in the request
    waiting = client.get(reverse("imports:job", args=[job.pk]), **HOST).content.decode()
    assert "Waiting for the worker" in waiting and "<progress" in waiting

    assert jobs.run_queued() == 1
    job.refresh_from_db()
    assert (job.state, job.features_total, job.features_read, job.features_written) == ("done", 3, 3, 3)
    assert job.started_at and job.finished_at and job.started_at <= job.finished_at and job.error == ""
    layer = Layer.objects.get(slug="khu")
    assert layer.feature_count == 3 and layer.owner == people.environment
    assert not jobs.job_file(job).parent.exists()  # the stored upload is removed once imported
    page = client.get(reverse("imports:job", args=[job.pk]), **HOST).content.decode()
    assert "The import finished." in page and "3 features read" in page
    assert reverse("layers:detail", args=["khu"]) in page and "<progress" not in page


def test_the_status_json_gives_counters_share_done_and_the_report(people: People, tmp_path: Path) -> None:
    client = signed_in(people.owner_officer)
    job = the_job(upload_layer(client, tmp_path))
    url = reverse("imports:status", args=[job.pk])
    queued = client.get(url, **HOST).json()
    assert (queued["state"], queued["finished"]) == ("queued", False)
    assert (queued["fraction"], queued["remaining_ms"]) == (None, None)
    jobs.run_queued()
    done = client.get(url, **HOST).json()
    assert (done["state"], done["read"], done["written"], done["total"], done["fraction"]) == ("done", 3, 3, 3, 1.0)
    assert done["report"]["url"] == reverse("layers:detail", args=["khu"]) and done["error"] == []


def test_a_running_job_estimates_the_time_left_from_its_rate(people: People) -> None:
    started = timezone.now() - datetime.timedelta(seconds=10)
    job = ImportJob.objects.create(kind="layer", created_by=people.operator, file_name="x.gpkg", state="running",
                                   started_at=started, features_total=1000, features_read=1000,
                                   features_written=0, phase="writing")  # fmt: skip
    status = signed_in(people.operator).get(reverse("imports:status", args=[job.pk]), **HOST).json()
    assert status["fraction"] == 0.5 and status["phase_label"] == "Writing to the database"
    assert status["remaining_ms"] == pytest.approx(10_000, rel=0.1)  # half done in 10 s: about 10 s left


def test_a_bad_file_fails_the_job_with_the_reason_and_writes_nothing(people: People, tmp_path: Path) -> None:
    client = signed_in(people.operator)
    bad = {"file": SimpleUploadedFile("khu.geojson", b'{"type": "FeatureCollection", "features": ['), "slug": "khu",
           "access": "public", "encoding": "auto"}  # fmt: skip
    job = the_job(client.post(reverse("layers:upload"), bad, **HOST))
    jobs.run_queued()
    job.refresh_from_db()
    assert job.state == "failed" and "khu.geojson: cannot be read as a vector file" in job.error
    assert not Layer.objects.exists() and data.upload_tables() == []
    assert not jobs.job_file(job).parent.exists()
    page = client.get(reverse("imports:job", args=[job.pk]), **HOST).content.decode()
    assert "Nothing was imported." in page and "cannot be read as a vector file" in page


def test_type_size_and_zip_members_are_still_refused_in_the_request(people: People, tmp_path: Path) -> None:
    client = signed_in(people.operator)
    form = {"file": SimpleUploadedFile("khu.vrt", b"<OGRVRTDataSource/>"), "slug": "khu", "access": "public",
            "encoding": "auto"}  # fmt: skip
    response = client.post(reverse("layers:upload"), form, **HOST)
    assert response.status_code == 400 and not ImportJob.objects.exists()


def test_only_the_uploader_sees_the_job(people: People, tmp_path: Path) -> None:
    job = the_job(upload_layer(signed_in(people.owner_officer), tmp_path))
    other = signed_in(people.other_officer)
    assert other.get(reverse("imports:job", args=[job.pk]), **HOST).status_code == 404
    assert other.get(reverse("imports:status", args=[job.pk]), **HOST).status_code == 404
    assert other.get(reverse("imports:job", args=[uuid.uuid4()]), **HOST).status_code == 404


def test_a_viewer_may_not_queue_a_layer_upload(people: People, tmp_path: Path) -> None:
    response = upload_layer(signed_in(people.viewer), tmp_path)
    assert response.status_code == 403 and not ImportJob.objects.exists()


def test_a_claimed_job_is_not_claimed_again(people: People, tmp_path: Path) -> None:
    the_job(upload_layer(signed_in(people.operator), tmp_path))
    claimed = jobs.claim()
    assert claimed is not None and claimed.state == "running" and claimed.started_at is not None
    assert jobs.claim() is None
    jobs.run(claimed)
    assert ImportJob.objects.get().state == "done"


def test_the_tasks_worker_runs_queued_jobs(people: People, tmp_path: Path) -> None:
    the_job(upload_layer(signed_in(people.operator), tmp_path))
    runs = periodic.run_due(timezone.now(), force=True)
    assert any(run.name == "imports.jobs" and "1 import job(s) run" in run.summary for run in runs)
    assert Layer.objects.get(slug="khu").feature_count == 3


def test_a_job_whose_worker_died_is_failed_and_nothing_is_left_running(people: People) -> None:
    long_ago = timezone.now() - jobs.STALLED_AFTER - datetime.timedelta(minutes=1)
    job = ImportJob.objects.create(kind="layer", created_by=people.operator, file_name="x.gpkg", state="running",
                                   started_at=long_ago, updated_at=long_ago)  # fmt: skip
    assert jobs.fail_stalled(timezone.now()) == 1
    job.refresh_from_db()
    assert job.state == "failed" and "nothing was written" in job.error


class RecordsTheCollector(JobKind):
    """A job kind that notes whether the cyclic garbage collector ran during its job."""

    seen: list[bool] = []

    def run(self, job: ImportJob, path: Path | None) -> JobResult:
        self.seen.append(gc.isenabled())
        return JobResult(lines=["ok"])


def test_the_collector_is_paused_only_inside_a_job_and_switched_back_on(
    people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(JOB_KINDS, "probe", f"{__name__}.RecordsTheCollector")
    RecordsTheCollector.seen.clear()
    assert gc.isenabled()
    jobs.run(ImportJob.objects.create(kind="probe", created_by=people.operator, file_name="", state="running"))
    assert RecordsTheCollector.seen == [False] and gc.isenabled()


def test_an_import_outside_a_job_leaves_the_collector_alone(
    people: People, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from layers.importing import import_layer

    states: list[bool] = []
    original = Layer.refresh_summary

    def noting(layer: Layer) -> None:
        states.append(gc.isenabled())
        original(layer)

    monkeypatch.setattr(Layer, "refresh_summary", noting)
    import_layer(data.write(tmp_path / "khu.geojson", data.ZONES, driver="GeoJSON"), "khu")
    assert states == [True] and gc.isenabled()  # a web server's process keeps its collector


# --- Plans: the check and the confirmation are jobs too ---------------------------------------------------


def test_a_plan_upload_is_checked_by_a_job_then_confirmed_by_another(
    ward: AdminUnit, tmp_path: Path, django_user_model: type[User]
) -> None:
    planner = Client()
    planner.force_login(django_user_model.objects.create_user("planner", role=Role.OPERATOR))
    upload = {"file": _file(tmp_path), **COLUMNS, **NEW_PLAN, **REVISION}
    check = the_job(planner.post(reverse("planning:import"), upload))
    assert not StagedPlanImport.objects.exists()
    jobs.run_queued()
    check.refresh_from_db()
    assert check.state == "done", check.error
    staged = StagedPlanImport.objects.get()
    assert check.report["url"] == reverse("planning:import-report", args=[staged.token])
    assert (check.features_read, check.features_total) == (3, 3) and ZoningLot.objects.count() == 0  # a dry run

    confirmed = planner.post(reverse("planning:import-confirm", args=[staged.token]))
    apply = ImportJob.objects.get(kind="plan_apply")
    assert confirmed["Location"] == reverse("imports:job", args=[apply.pk])
    again = planner.post(reverse("planning:import-confirm", args=[staged.token]))
    assert again["Location"] == confirmed["Location"]  # one job, whatever the clicks
    jobs.run_queued()
    apply.refresh_from_db()
    assert apply.state == "done" and apply.features_written == 3 and ZoningLot.objects.count() == 3
    staged.refresh_from_db()
    assert staged.status == "applied"
    after = planner.post(reverse("planning:import-confirm", args=[staged.token]))
    assert after.status_code == 200 and "data-already-applied" in after.content.decode()
