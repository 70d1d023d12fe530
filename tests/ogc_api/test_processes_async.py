"""OGC API Processes, asynchronous execution: Prefer: respond-async queues a job the tasks worker runs; job list,
status, results and dismiss, each seen only by the account that made the job."""

import datetime
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from openapi_spec_validator import validate
from psycopg2 import sql

from accounts.models import ApiToken
from core.periodic import get_task
from layers.models import Layer
from ogc_api.models import ProcessJob
from ogc_api.processes import jobs
from planning.models import Plan, ZoningLot
from tests.layers.conftest import People
from tests.ogc_api.test_processes import HAZARD, flood_layer, in_wgs84, rice_lot  # noqa: F401
from tests.planning.conftest import TEST_LAT, TEST_LON, land_use_codes, ward, zoning_plan  # noqa: F401

pytestmark = pytest.mark.django_db
EXCEPTIONS = "http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0"
POINT = {"type": "Point", "coordinates": [109.2, 12.2]}
EUROPE = {"type": "Polygon", "coordinates": [[[10, 50], [11, 50], [11, 51], [10, 50]]]}


def execute(client: Client, inputs: Any, process: str = "hazard-exposure", prefer: str | None = "respond-async",
            **body: Any) -> Any:  # fmt: skip
    headers = {"Prefer": prefer} if prefer else {}
    payload = json.dumps({"inputs": inputs, **body})
    return client.post(f"/ogc/processes/{process}/execution", payload, content_type="application/json",
                       headers=headers)  # fmt: skip


def valid_inputs() -> dict[str, Any]:
    """Inputs the process accepts (a hazard over the test ward), for tests about jobs rather than results."""
    return {"hazard": in_wgs84(HAZARD)}


def worker_turn() -> str:
    """The tasks worker's turn for process jobs, as `manage.py tasks_worker` runs it (core.periodic registry)."""
    return get_task("ogc_api.jobs").run(timezone.now())


def signed_in(user: Any) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def job_path(response: Any) -> str:
    return response["Location"].removeprefix("http://localhost")


@pytest.mark.parametrize("response_kind", ["raw", "document"])
def test_async_execution_is_accepted_then_run_by_the_worker_with_the_sync_results(
    people: People,
    rice_lot: ZoningLot,  # noqa: F811
    response_kind: str,
) -> None:
    client = signed_in(people.owner_officer)
    inputs = {"hazard": in_wgs84(HAZARD)}
    accepted = execute(client, inputs, response=response_kind)
    assert accepted.status_code == 201, accepted.content
    assert accepted["Preference-Applied"] == "respond-async"
    info = accepted.json()
    assert accepted["Location"] == f"http://localhost/ogc/jobs/{info['jobID']}"
    assert (info["status"], info["processID"], info["type"], info["progress"]) == (
        "accepted", "hazard-exposure", "process", 0,
    )  # fmt: skip
    assert "finished" not in info and not any(link["rel"].endswith("/results") for link in info["links"])

    status = client.get(job_path(accepted)).json()
    assert status["status"] == "accepted"
    not_ready = client.get(f"{job_path(accepted)}/results")
    assert not_ready.status_code == 404 and not_ready.json()["type"] == f"{EXCEPTIONS}/result-not-ready"

    assert worker_turn() == "1 process job(s) run, 0 stalled"
    done = client.get(job_path(accepted)).json()
    assert (done["status"], done["progress"]) == ("successful", 100)
    assert done["started"] <= done["finished"]
    [results_link] = [link for link in done["links"] if link["rel"].endswith("/results")]
    assert results_link["href"] == f"{accepted['Location']}/results"

    results = client.get(f"{job_path(accepted)}/results")
    assert results.status_code == 200 and results["Content-Type"] == "application/json"
    synchronous = execute(client, inputs, prefer=None, response=response_kind)
    assert synchronous.status_code == 200 and "Preference-Applied" not in synchronous
    assert results.json() == synchronous.json()
    answer = results.json() if response_kind == "raw" else results.json()["result"]
    assert {entry["group"]: entry["lots"] for entry in answer["totals"]} == {"agricultural": 1, "non_agricultural": 3}
    assert worker_turn() == ""  # nothing left to run


@pytest.mark.parametrize(
    ("inputs", "words"),
    [
        ({}, "Input hazard is missing"),
        ({"hazard": POINT}, "give a Polygon"),
        ({"hazard": {"href": "http://localhost/api/v1/layers"}}, "must name a feature"),
        ({"hazard": {"type": "Polygon", "coordinates": []}, "crs": "EPSG:1"}, "Unrecognised CRS"),
        (
            {"hazard": {"type": "Polygon", "coordinates": [[[10, 50], [11, 50], [11, 51], [10, 50]]]}},
            "outside Việt Nam",
        ),
        ({"hazard": {"href": "http://localhost/ogc/collections/vung-ngap/items/1"}}, ""),
        ({"hazard": "here", "date": "1/7/2025"}, "write it as YYYY-MM-DD"),
    ],
)
def test_bad_inputs_are_refused_at_once_as_the_synchronous_execution_refuses_them_and_nothing_is_queued(
    people: People,
    zoning_plan: Plan,  # noqa: F811
    inputs: dict[str, Any],
    words: str,
) -> None:
    client = signed_in(people.owner_officer)
    synchronous = execute(client, inputs, prefer=None)
    refused = execute(client, inputs)
    assert refused.status_code == synchronous.status_code != 201, refused.content
    assert refused.json() == synchronous.json() and words in refused.json()["message"]
    assert "Preference-Applied" not in refused
    assert ProcessJob.objects.count() == 0
    assert worker_turn() == ""


def test_an_input_that_fails_only_when_the_job_runs_fails_the_job_with_a_message_not_a_traceback(
    people: People,
    rice_lot: ZoningLot,  # noqa: F811
    flood_layer: Layer,  # noqa: F811
) -> None:
    client = signed_in(people.owner_officer)
    feature_id = client.get("/ogc/collections/vung-ngap/items").json()["features"][0]["id"]
    accepted = execute(client, {"hazard": {"href": f"http://localhost/ogc/collections/vung-ngap/items/{feature_id}"}})
    assert accepted.status_code == 201, accepted.content
    schema_name, table = flood_layer.relation()
    with connection.cursor() as cursor:  # the feature is deleted after the job was accepted, before it runs
        cursor.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(schema_name, table)))
    worker_turn()
    failed = client.get(job_path(accepted)).json()
    assert failed["status"] == "failed" and "names no feature" in failed["message"]
    assert "Traceback" not in failed["message"] and "finished" in failed
    results = client.get(f"{job_path(accepted)}/results")
    assert results.status_code == 400 and "names no feature" in results.json()["message"]


def test_the_job_list_shows_only_the_callers_own_jobs_and_others_get_404(
    people: People,
    zoning_plan: Plan,  # noqa: F811
) -> None:
    owner, other, staff = (signed_in(user) for user in (people.owner_officer, people.other_officer, people.manager))
    mine = [execute(owner, valid_inputs()).json()["jobID"] for _ in range(2)]
    theirs = execute(other, valid_inputs()).json()["jobID"]

    listed = owner.get("/ogc/jobs")
    assert listed.status_code == 200
    assert sorted(job["jobID"] for job in listed.json()["jobs"]) == sorted(mine)
    assert [job["jobID"] for job in other.get("/ogc/jobs").json()["jobs"]] == [theirs]
    assert staff.get("/ogc/jobs").json()["jobs"] == []  # staff see their own jobs too, nobody else's

    for client in (other, staff):
        for path in (f"/ogc/jobs/{mine[0]}", f"/ogc/jobs/{mine[0]}/results"):
            response = client.get(path)
            assert response.status_code == 404 and response.json()["type"] == f"{EXCEPTIONS}/no-such-job"
        assert client.delete(f"/ogc/jobs/{mine[0]}").status_code == 404
    assert ProcessJob.objects.get(pk=mine[0]).status == "accepted"
    assert owner.get("/ogc/jobs/not-a-uuid").json()["type"] == f"{EXCEPTIONS}/no-such-job"


def test_the_job_list_pages_and_filters(people: People, zoning_plan: Plan) -> None:  # noqa: F811
    client = signed_in(people.owner_officer)
    created = [execute(client, valid_inputs()).json()["jobID"] for _ in range(3)]
    first = client.get("/ogc/jobs", {"limit": 2}).json()
    assert [job["jobID"] for job in first["jobs"]] == created[::-1][:2]  # newest first
    [next_link] = [link for link in first["links"] if link["rel"] == "next"]
    second = client.get(next_link["href"].removeprefix("http://localhost")).json()
    assert [job["jobID"] for job in second["jobs"]] == [created[0]]
    assert client.get("/ogc/jobs", {"status": "successful"}).json()["jobs"] == []
    assert len(client.get("/ogc/jobs", {"processID": "hazard-exposure", "status": "accepted"}).json()["jobs"]) == 3
    refused = client.get("/ogc/jobs", {"status": "done"})
    assert (
        refused.status_code == 400 and "accepted, running, successful, failed, dismissed" in refused.json()["message"]
    )
    assert client.get("/ogc/jobs", {"sort": "x"}).status_code == 400


def test_dismissing_an_accepted_job_cancels_it(people: People, rice_lot: ZoningLot) -> None:  # noqa: F811
    client = signed_in(people.owner_officer)
    accepted = execute(client, {"hazard": in_wgs84(HAZARD)})
    dismissed = client.delete(job_path(accepted))
    assert dismissed.status_code == 200 and dismissed.json()["status"] == "dismissed"
    assert worker_turn() == ""  # the worker never runs it
    assert client.get(job_path(accepted)).json()["status"] == "dismissed"
    results = client.get(f"{job_path(accepted)}/results")
    assert results.status_code == 404 and results.json()["type"] == f"{EXCEPTIONS}/no-such-job"
    assert client.get("/ogc/jobs").json()["jobs"] == []  # dismissed jobs leave the list
    assert len(client.get("/ogc/jobs", {"status": "dismissed"}).json()["jobs"]) == 1
    assert client.delete(job_path(accepted)).json()["status"] == "dismissed"  # again: the same answer


def test_a_job_dismissed_while_running_keeps_no_result(people: People, rice_lot: ZoningLot) -> None:  # noqa: F811
    client = signed_in(people.owner_officer)
    accepted = execute(client, {"hazard": in_wgs84(HAZARD)})
    claimed = jobs.claim()
    assert claimed is not None and str(claimed.pk) == accepted.json()["jobID"]
    running = client.get(f"{job_path(accepted)}/results")
    assert running.status_code == 404 and running.json()["status"] == "running"
    assert jobs.claim() is None  # a second worker finds nothing to take
    client.delete(job_path(accepted))
    jobs.run(claimed)  # the run ends after the dismissal
    job = ProcessJob.objects.get(pk=claimed.pk)
    assert (job.status, job.result) == ("dismissed", None)


def test_a_job_whose_worker_died_is_failed_with_what_to_do(people: People) -> None:
    job = ProcessJob.objects.create(process_id="hazard-exposure", owner=people.owner_officer, status="running",
                                    started_at=timezone.now() - datetime.timedelta(hours=1))  # fmt: skip
    assert worker_turn() == "0 process job(s) run, 1 stalled"
    job.refresh_from_db()
    assert job.status == "failed" and "Run the process again" in job.message


def test_anonymous_callers_run_at_once_but_cannot_make_jobs(zoning_plan: Plan) -> None:  # noqa: F811
    client = Client(HTTP_HOST="localhost")
    refused = execute(client, {"hazard": POINT})
    assert refused.status_code == 401 and "leave out 'Prefer: respond-async'" in refused.json()["message"]
    assert ProcessJob.objects.count() == 0
    assert (
        execute(client, {"lon": TEST_LON, "lat": TEST_LAT}, process="planning-lookup", prefer=None).status_code == 200
    )
    assert client.get("/ogc/jobs").status_code == 401


def test_prefer_on_a_synchronous_only_process_answers_at_once(people: People, zoning_plan: Plan) -> None:  # noqa: F811
    client = signed_in(people.owner_officer)
    response = execute(client, {"lon": TEST_LON, "lat": TEST_LAT}, process="planning-lookup")
    assert response.status_code == 200 and "Preference-Applied" not in response
    assert response.json()["plans"][0]["lots"][0]["land_use"]["code"] == "DGD"
    described = {p["id"]: p["jobControlOptions"] for p in client.get("/ogc/processes").json()["processes"]}
    assert described == {"planning-lookup": ["sync-execute"], "hazard-exposure": ["sync-execute", "async-execute"]}


def test_a_job_token_caller_and_a_session_caller_are_the_same_account(people: People, zoning_plan: Plan) -> None:  # noqa: F811
    _token, secret = ApiToken.issue(people.owner_officer, "jobs")
    by_token = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Token {secret}")
    job_id = execute(by_token, valid_inputs()).json()["jobID"]
    assert [job["jobID"] for job in signed_in(people.owner_officer).get("/ogc/jobs").json()["jobs"]] == [job_id]
    assert by_token.delete(f"/ogc/jobs/{job_id}").status_code == 200


def test_a_session_caller_must_send_the_csrf_token_to_make_or_dismiss_jobs(people: People) -> None:
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    client.force_login(people.owner_officer)
    assert execute(client, {"hazard": POINT}).status_code == 403
    job = ProcessJob.objects.create(process_id="hazard-exposure", owner=people.owner_officer)
    assert client.delete(f"/ogc/jobs/{job.pk}").status_code == 403
    assert client.get(f"/ogc/jobs/{job.pk}").status_code == 200


def test_the_job_page_in_html_says_its_status_and_links_the_results(people: People, rice_lot: ZoningLot) -> None:  # noqa: F811
    client = signed_in(people.owner_officer)
    accepted = execute(client, {"hazard": in_wgs84(HAZARD)})
    waiting = client.get(job_path(accepted), {"f": "html"}).content.decode()
    assert "Waiting for the worker" in waiting and "Hazard exposure" in waiting and "/results" not in waiting
    worker_turn()
    page = client.get(job_path(accepted), {"f": "html"}).content.decode()
    assert "Finished" in page and f"{job_path(accepted)}/results" in page
    listing = client.get("/ogc/jobs", {"f": "html"}).content.decode()
    assert f"{job_path(accepted)}?f=html" in listing and "Hazard exposure" in listing


def test_landing_conformance_and_openapi_list_jobs_once(people: People) -> None:
    client = signed_in(people.owner_officer)
    classes = client.get("/ogc/conformance").json()["conformsTo"]
    assert len(classes) == len(set(classes))
    for name in ("core", "job-list", "dismiss"):
        assert classes.count(f"http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/{name}") == 1
    rels = [link["rel"] for link in client.get("/ogc/").json()["links"]]
    assert rels.count("http://www.opengis.net/def/rel/ogc/1.0/job-list") == 1
    document = client.get("/ogc/api").json()
    validate(document)
    paths = document["paths"]
    assert {"/jobs", "/jobs/{jobId}", "/jobs/{jobId}/results"} <= set(paths)
    assert (
        "delete" in paths["/jobs/{jobId}"] and "201" in paths["/processes/{processId}/execution"]["post"]["responses"]
    )
    assert client.post("/ogc/jobs").status_code == 405


def test_a_person_opening_a_job_they_do_not_have_reads_a_sentence_and_a_link_to_their_jobs(
    people: People,
    zoning_plan: Plan,  # noqa: F811
) -> None:
    client = signed_in(people.owner_officer)
    theirs = execute(signed_in(people.other_officer), valid_inputs()).json()["jobID"]
    for job_id, path in [(theirs, f"/ogc/jobs/{theirs}"), ("not-a-uuid", "/ogc/jobs/not-a-uuid"),
                         (theirs, f"/ogc/jobs/{theirs}/results")]:  # fmt: skip
        for page in (client.get(path, {"f": "html"}), client.get(path, headers={"Accept": "text/html"})):
            text = page.content.decode()
            assert page.status_code == 404 and page["Content-Type"].startswith("text/html"), path
            assert f"You have no process job {job_id}" in text and 'href="/ogc/jobs?f=html"' in text
            assert "GET /ogc/jobs" not in text
        program = client.get(path)
        assert program.status_code == 404 and program.json()["type"] == f"{EXCEPTIONS}/no-such-job"
        assert program.json()["message"] == f"There is no job {job_id} among yours; GET /ogc/jobs lists them."
    assert ProcessJob.objects.get(pk=theirs).status == "accepted"
