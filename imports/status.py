"""What the job page and its JSON say about a job: counters, share done, time left from the rate so far."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from imports.kinds import get_kind
from imports.models import ImportJob

PHASES = {
    "": _("Waiting for the worker"),
    "reading": _("Reading the file"),
    "checking": _("Checking the features"),
    "writing": _("Writing to the database"),
}


def job_status(job: ImportJob) -> dict[str, Any]:
    """The job as the page's script reads it; times in milliseconds, None when not known yet."""
    now = timezone.now()
    started, finished = job.started_at, job.finished_at
    elapsed = ((finished or now) - started).total_seconds() * 1000 if started else None
    total = job.features_total
    done = job.features_read + job.features_written
    # Reading and writing each go once over every feature: the work is twice the total.
    work = 2 * total if total else None
    fraction = min(done / work, 1.0) if work else None
    remaining = None
    if job.state == ImportJob.State.RUNNING and work and done and elapsed:
        remaining = elapsed * (work - min(done, work)) / done
    phase = "" if job.state == ImportJob.State.QUEUED else job.phase
    return {
        "state": job.state,
        "state_label": str(job.get_state_display()),
        "phase": phase,
        "phase_label": str(PHASES.get(phase, "")) if job.state == ImportJob.State.RUNNING or not phase else "",
        "kind_label": str(get_kind(job.kind).title),
        "file_name": job.file_name,
        "read": job.features_read,
        "written": job.features_written,
        "total": total,
        "fraction": fraction,
        "elapsed_ms": elapsed,
        "remaining_ms": remaining,
        "finished": job.finished,
        "report": job.report or {},
        "error": job.error.splitlines() if job.error else [],
    }
