"""The JSON documents of process jobs: statusInfo (OGC API Processes 1.0, statusInfo.yaml) and the job list."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext as _

from core.errors import InvalidInput
from ogc_api.documents import REL_JOB_LIST, link, self_links, url
from ogc_api.formats import HTML, JSON
from ogc_api.models import ProcessJob, ProcessJobQuerySet
from ogc_api.processes import registry

REL_RESULTS = "http://www.opengis.net/def/rel/ogc/1.0/results"
LIST_PARAMETERS = ("processID", "status", "limit", "offset")
DEFAULT_LIMIT, MAX_LIMIT = 50, 1000


def _moment(value: datetime.datetime | None) -> str | None:
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z") if value else None


def status_info(request: HttpRequest, job: ProcessJob) -> dict[str, Any]:
    """The job's statusInfo: its state, times and links (the results link once they are ready)."""
    own = url(request, "job", str(job.pk))
    document: dict[str, Any] = {
        "jobID": str(job.pk),
        "processID": job.process_id,
        "type": "process",
        "status": job.status,
        "message": job.message or str(job.get_status_display()),
        "created": _moment(job.created_at),
        "started": _moment(job.started_at),
        "finished": _moment(job.finished_at),
        "updated": _moment(job.updated_at),
        "progress": job.progress,
    }
    # The schema types the times as date-time: a time not reached yet is left out rather than null.
    document = {name: value for name, value in document.items() if value is not None}
    document["links"] = [
        link(own, "self", JSON, _("This job")),
        link(f"{own}?f=html", "alternate", HTML, _("This job as HTML")),
        link(url(request, "process", job.process_id), "describedby", JSON, _("The process")),
        link(url(request, "jobs"), REL_JOB_LIST, JSON, _("Your process jobs")),
    ]  # fmt: skip
    if job.status == ProcessJob.Status.SUCCESSFUL:
        document["links"].append(link(url(request, "job_results", str(job.pk)), REL_RESULTS, JSON, _("Results")))
    return document


@dataclass(frozen=True)
class JobSearch:
    """The job list's parameters: processID and status (comma-separated, any may match), limit and offset."""

    process_ids: tuple[str, ...]
    statuses: tuple[str, ...]
    limit: int
    offset: int

    @classmethod
    def from_params(cls, params: QueryDict) -> "JobSearch":
        process_ids = _listed(params, "processID", list(registry.PROCESSES))
        statuses = _listed(params, "status", list(ProcessJob.Status.values))
        return cls(process_ids, statuses, _whole(params, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
                   _whole(params, "offset", 0, 0, 10**9))  # fmt: skip

    def apply(self, jobs: ProcessJobQuerySet) -> ProcessJobQuerySet:
        if self.process_ids:
            jobs = jobs.filter(process_id__in=self.process_ids)
        # Dismissed jobs leave the list (/req/dismiss) unless asked for by status.
        jobs = jobs.filter(status__in=self.statuses) if self.statuses else jobs.exclude(status="dismissed")
        return jobs.order_by("-created_at", "pk")


def _listed(params: QueryDict, name: str, known: list[str]) -> tuple[str, ...]:
    values = tuple(value.strip() for raw in params.getlist(name) for value in raw.split(",") if value.strip())
    for value in values:
        if value not in known:
            raise InvalidInput(
                _("%(name)s=%(value)s is not known; use one of: %(known)s.")
                % {"name": name, "value": value[:60], "known": ", ".join(known)},
                parameter=name,
            )
    return values


def _whole(params: QueryDict, name: str, default: int, low: int, high: int) -> int:
    value = params.get(name)
    if value is None:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise InvalidInput(
            _("%(name)s must be a whole number from %(low)s to %(high)s.") % {"name": name, "low": low, "high": high},
            parameter=name,
        )
    return int(value)


def job_list(
    request: HttpRequest, jobs: ProcessJobQuerySet, search: JobSearch
) -> tuple[dict[str, Any], list[ProcessJob]]:
    """The caller's jobs, newest first: one page of statusInfo documents with a next link when more follow."""
    page = list(search.apply(jobs)[search.offset : search.offset + search.limit + 1])
    links = self_links(request)
    if len(page) > search.limit:
        params = request.GET.copy()
        params["offset"], params["limit"] = str(search.offset + search.limit), str(search.limit)
        links.append(link(f"{url(request, 'jobs')}?{params.urlencode()}", "next", JSON, _("Next page")))
    page = page[: search.limit]
    return {"jobs": [status_info(request, job) for job in page], "links": links}, page
