"""Asynchronous process execution: the request stores an accepted job; the tasks worker claims and runs it.

The queue is the one the upload imports use (imports/jobs.py): a row per job, claimed with
`SELECT … FOR UPDATE SKIP LOCKED` so several workers never take the same job, run by the tasks worker's periodic task
`ogc_api.jobs` (ogc_api/tasks.py). A run is one transaction with a statement timeout, so a run never outlives
STALLED_AFTER and a job whose worker died is told apart from one still running. Results and failures are written
only while the job is still running: a job dismissed meanwhile stays dismissed and its result is thrown away.
"""

import datetime
import logging
import uuid
from typing import Any

from django.conf import settings
from django.db import DatabaseError, OperationalError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from psycopg2 import errors as pg_errors

from accounts.models import User
from core import queue
from core.errors import InvalidInput, IOCError, NotAuthenticated, NotFound
from layers.access import Viewer, signed_in
from ogc_api.models import ProcessJob
from ogc_api.processes import registry
from ogc_api.processes.registry import Process

logger = logging.getLogger(__name__)
Status = ProcessJob.Status
EXCEPTIONS = "http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0"
NO_SUCH_JOB = f"{EXCEPTIONS}/no-such-job"
RESULT_NOT_READY = f"{EXCEPTIONS}/result-not-ready"
# The longest one run may take; whole-province overlays take minutes, not this.
RUN_TIMEOUT = datetime.timedelta(minutes=20)
# A running job older than this lost its worker (killed, machine restarted): RUN_TIMEOUT would have ended it.
STALLED_AFTER = RUN_TIMEOUT + datetime.timedelta(minutes=10)


def wants_async(prefer: str) -> bool:
    """Whether a Prefer header (RFC 7240; several preferences, comma-separated, with parameters) asks respond-async."""
    return any(part.split(";")[0].split("=")[0].strip().lower() == "respond-async" for part in prefer.split(","))


def account(user: Viewer) -> User:
    """The signed-in account that owns jobs; anonymous callers are refused, since a job is read back later."""
    if not signed_in(user) or not isinstance(user, User):
        raise NotAuthenticated(
            _("Jobs belong to an account: sign in or send 'Authorization: Token <secret>' to run a process in the "
              "background and read its jobs, or leave out 'Prefer: respond-async' to run it at once.")
        )  # fmt: skip
    return user


def enqueue(process: Process, inputs: dict[str, Any], response: str, user: User) -> ProcessJob:
    """Check the inputs as the synchronous execution does, then queue the execution in the request's language."""
    process.check(inputs, user)  # a bad input is the same 400 as at once, and nothing is queued
    return ProcessJob.objects.create(
        process_id=process.id, owner=user, inputs=inputs, response=response,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )  # fmt: skip


def find(job_id: str, owner: User) -> ProcessJob | None:
    """The owner's job with this id, or None: another account's job, a malformed id and no job at all alike."""
    try:
        key = uuid.UUID(job_id)
    except ValueError:
        return None
    return ProcessJob.objects.owned_by(owner).filter(pk=key).first()


def no_such_job(job_id: str) -> NotFound:
    """The standard's no-such-job 404, for programs: it names the request that lists their jobs."""
    return NotFound(
        _("There is no job %(id)s among yours; GET /ogc/jobs lists them.") % {"id": job_id[:60]}, type=NO_SUCH_JOB
    )


def results(job: ProcessJob) -> Any:
    """The job's results as the synchronous execution answers them, or the error that says why there are none."""
    if job.status == Status.SUCCESSFUL:
        return job.result if job.response == "raw" else {"result": job.result}
    if job.status == Status.FAILED:
        raise InvalidInput(
            _("Job %(id)s failed, so it has no results: %(message)s") % {"id": job.pk, "message": job.message},
            status="failed",
        )
    if job.status == Status.DISMISSED:
        raise NotFound(_("Job %(id)s was dismissed; its results are gone.") % {"id": job.pk}, type=NO_SUCH_JOB)
    raise NotFound(
        _("Job %(id)s is not finished (%(status)s): its results are not ready yet. Ask again when it has finished.")
        % {"id": job.pk, "status": job.get_status_display()},
        type=RESULT_NOT_READY, status=job.status,
    )  # fmt: skip


def dismiss(job: ProcessJob) -> ProcessJob:
    """Dismiss a job: an accepted one never runs, a running one's result is thrown away, a finished one's deleted."""
    now = timezone.now()
    with transaction.atomic():
        # Waits for a worker's claim in progress; a claimed job is running and its end will find it dismissed.
        locked = ProcessJob.objects.select_for_update().get(pk=job.pk)
        if locked.status != Status.DISMISSED:
            locked.status, locked.result, locked.updated_at = Status.DISMISSED, None, now
            locked.finished_at = locked.finished_at or now
            locked.message = _("Dismissed at the request of its owner.")
            locked.save()
    return locked


def claim() -> ProcessJob | None:
    """Take the oldest accepted job for this worker, or None when there is none (or all are taken)."""
    with transaction.atomic():
        job = (
            ProcessJob.objects.select_for_update(skip_locked=True)
            .filter(status=Status.ACCEPTED)
            .order_by("created_at")
            .first()
        )
        if job is None:
            return None
        job.status, job.started_at = Status.RUNNING, timezone.now()
        job.message = ""
        job.save(update_fields=["status", "started_at", "message", "updated_at"])
    return job


def run(job: ProcessJob) -> ProcessJob:
    """Run a claimed job to its end: successful with its result, or failed with a message saying what to change."""
    changes: dict[str, Any]
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            result = _execute(job)
        except IOCError as exc:
            changes = {"status": Status.FAILED, "message": exc.message}
        except OperationalError as exc:
            if not isinstance(exc.__cause__, pg_errors.QueryCanceled):
                raise  # the database went away: the worker reconnects, and fail_stalled ends this job later
            changes = {"status": Status.FAILED, "message": _timeout_message(job)}
        except DatabaseError as exc:
            changes = {"status": Status.FAILED, "message": _database_message(job, exc)}
        except Exception:
            # A defect, not a bad input: the job says so at once and the worker stops loudly with the traceback.
            _finish(job, {"status": Status.FAILED, "message": _defect_message(job)})
            logger.exception("process job %s (%s) failed on a defect", job.pk, job.process_id)
            raise
        else:
            changes = {"status": Status.SUCCESSFUL, "result": result, "progress": 100,
                       "message": _("Finished: the results are ready.")}  # fmt: skip
    _finish(job, changes)
    logger.info("process job %s (%s): %s", job.pk, job.process_id, job.status)
    return job


def _execute(job: ProcessJob) -> dict[str, Any]:
    process = registry.get_process(job.process_id)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{int(RUN_TIMEOUT.total_seconds())}s"])
        return process.execute(job.inputs, job.owner)


def _finish(job: ProcessJob, changes: dict[str, Any]) -> None:
    """Write the run's end unless the job was dismissed meanwhile (then its result is dropped)."""
    now = timezone.now()
    changes = {**changes, "finished_at": now, "updated_at": now}
    if ProcessJob.objects.filter(pk=job.pk, status=Status.RUNNING).update(**changes):
        for name, value in changes.items():
            setattr(job, name, value)
    else:
        job.refresh_from_db()


def _timeout_message(job: ProcessJob) -> str:
    return _(
        "Process %(id)s ran longer than %(minutes)s minutes in the database and was stopped. Send a smaller area "
        "(for example the part over one district) or split it into several jobs."
    ) % {"id": job.process_id, "minutes": int(RUN_TIMEOUT.total_seconds()) // 60}


def _database_message(job: ProcessJob, exc: DatabaseError) -> str:
    reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]
    return _(
        "Process %(id)s could not be computed by the database (PostGIS said: %(reason)s). Check that the inputs' "
        "polygons are valid (closed rings, no self-intersections) and send them again."
    ) % {"id": job.process_id, "reason": reason}


def _defect_message(job: ProcessJob) -> str:
    return _(
        "Process %(id)s stopped on an error in the server, not in your inputs; it is in the server's log under job "
        "%(job)s. Try again later, and if it fails again give the job id to the operators."
    ) % {"id": job.process_id, "job": job.pk}


def run_queued(limit: int | None = None) -> int:
    """Run accepted jobs one after another until none is left (or limit ran); return how many ran."""
    return queue.drain(claim, run, limit)


def fail_stalled(now: datetime.datetime) -> int:
    """Mark failed the running jobs whose worker stopped; a process writes nothing, so there is nothing to undo."""
    message = _("The job stopped before it finished (the worker was restarted). Run the process again.")
    return ProcessJob.objects.filter(status=Status.RUNNING, started_at__lt=now - STALLED_AFTER).update(
        status=Status.FAILED, message=message, finished_at=now, updated_at=now
    )
