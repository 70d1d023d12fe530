"""Import jobs: the web request stores the upload and a queued row; the tasks worker claims and runs it.

Claiming is `SELECT … FOR UPDATE SKIP LOCKED`, so several workers never take the same job. The import keeps
its own all-or-nothing transaction (staging table and atomic swap): a failed or interrupted job writes nothing.
The cyclic garbage collector is paused only here, in the worker's job run, and switched back on afterwards.
"""

import datetime
import logging
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core import queue
from core.errors import ImportFailed, IOCError
from gis_core.importer import cyclic_gc_paused, reporting
from imports.kinds import get_kind
from imports.models import ImportJob
from imports.progress import JobProgress

logger = logging.getLogger(__name__)
# A running job whose counters have not moved for this long lost its worker (killed, machine restarted).
STALLED_AFTER = datetime.timedelta(minutes=10)
_SAFE_NAME = re.compile(r"[^\w.-]+")


def jobs_dir() -> Path:
    """The private folder of uploaded files waiting for their job (MEDIA_ROOT is never served)."""
    return Path(settings.MEDIA_ROOT) / "import-jobs"


def job_file(job: ImportJob) -> Path:
    return jobs_dir() / str(job.pk) / job.file_name


def safe_name(name: str | None) -> str:
    """The file's own name, reduced to letters, digits, dots, hyphens and underscores."""
    return _SAFE_NAME.sub("_", Path(name or "upload").name).lstrip(".") or "upload"


def enqueue(
    kind: str,
    user: User,
    params: dict[str, Any],
    upload: UploadedFile | None = None,
    *,
    file_name: str = "",
    check: Callable[[Path], str | None] | None = None,
) -> ImportJob:
    """Store the upload and queue its job (the worker picks it up); check may refuse the stored file first."""
    get_kind(kind)  # an unknown kind fails here, in the request, not in the worker
    job = ImportJob(kind=kind, created_by=user, file_name=safe_name(upload.name) if upload else file_name,
                    params={"language": translation.get_language(), **params})  # fmt: skip
    if upload is not None:
        path = job_file(job)
        path.parent.mkdir(parents=True)
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        if check is not None and (problem := check(path)):
            shutil.rmtree(path.parent, ignore_errors=True)
            raise ImportFailed(problem)
    job.save()
    return job


def claim() -> ImportJob | None:
    """Take the oldest queued job for this worker, or None when there is none (or all are taken)."""
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update(skip_locked=True)
            .filter(state=ImportJob.State.QUEUED)
            .order_by("created_at")
            .first()
        )
        if job is None:
            return None
        job.state, job.started_at = ImportJob.State.RUNNING, timezone.now()
        job.updated_at = job.started_at
        job.save(update_fields=["state", "started_at", "updated_at"])
    return job


def run(job: ImportJob) -> ImportJob:
    """Run a claimed job to its end: done with its report, or failed with the reason; its file is removed."""
    path = job_file(job) if job.file_name and job_file(job).is_file() else None
    kind = get_kind(job.kind)
    sink = JobProgress(job.pk)
    try:
        with (
            translation.override(job.params.get("language") or settings.LANGUAGE_CODE),
            cyclic_gc_paused(),
            sink,
            reporting(sink),
        ):
            result = kind.run(job, path)
    except IOCError as exc:
        job.state, job.error = ImportJob.State.FAILED, exc.message
    else:
        job.state, job.report = ImportJob.State.DONE, {"lines": result.lines, "url": result.url, "link": result.link}
    finally:
        shutil.rmtree(jobs_dir() / str(job.pk), ignore_errors=True)
    for name, value in sink.snapshot().items():
        setattr(job, name, value)
    job.finished_at = job.updated_at = timezone.now()
    job.save()
    logger.info("import job %s (%s, %s): %s", job.pk, job.kind, job.file_name, job.state)
    return job


def run_queued(limit: int | None = None) -> int:
    """Run queued jobs one after another until none is left (or limit ran); return how many ran."""
    return queue.drain(claim, run, limit)


def fail_stalled(now: datetime.datetime) -> int:
    """Mark failed the running jobs whose worker stopped; their transaction was rolled back, so nothing was written."""
    stalled = ImportJob.objects.filter(state=ImportJob.State.RUNNING, updated_at__lt=now - STALLED_AFTER)
    message = _("The import stopped before it finished (the worker was restarted); nothing was written. "
                "Upload the file again.")  # fmt: skip
    count = 0
    for job in stalled:
        shutil.rmtree(jobs_dir() / str(job.pk), ignore_errors=True)
        job.state, job.error, job.finished_at = ImportJob.State.FAILED, message, now
        job.save(update_fields=["state", "error", "finished_at"])
        count += 1
    return count
