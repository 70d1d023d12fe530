"""Pulled datasets: the worker fetches the provider's JSON or CSV endpoint when due, retrying with backoff.

A due dataset is claimed by a conditional UPDATE (its next_pull_at is still the one read), so two workers never
fetch it twice. A failure (network, HTTP error, unreadable or refused data) is recorded on the dataset and retried
after DATAHUB_PULL_RETRY_SECONDS, doubled after each further failure and never later than the dataset's period.
A success stores the data like a push (datahub.arrivals.receive) and schedules the next pull one period later.
"""

import datetime
import logging
import urllib.error
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from core.errors import IOCError
from core.fetch import fetch as safe_fetch
from datahub.arrivals import Arrival, receive
from datahub.models import Dataset, Delivery

logger = logging.getLogger(__name__)
DEFAULT_PERIOD = datetime.timedelta(days=1)


@dataclass
class PullReport:
    fetched: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return f"pulls fetched={len(self.fetched)} failed={len(self.failed)}"


def run_due(now: datetime.datetime | None = None) -> PullReport:
    """Pull every active pull dataset whose time has come."""
    now = now or timezone.now()
    report = PullReport()
    due = Dataset.objects.filter(is_active=True, arrival=Dataset.Arrival.PULL, next_pull_at__lte=now).exclude(
        pull_url=""
    )
    for pk, scheduled in due.order_by("next_pull_at").values_list("pk", "next_pull_at"):
        lease = now + datetime.timedelta(seconds=2 * settings.DATAHUB_PULL_TIMEOUT_SECONDS)
        if not Dataset.objects.filter(pk=pk, next_pull_at=scheduled).update(next_pull_at=lease):
            continue  # another worker claimed it
        dataset = Dataset.objects.select_related("provider").get(pk=pk)
        error = pull(dataset)
        (report.failed if error else report.fetched).append(dataset.code)
    return report


def pull(dataset: Dataset) -> str:
    """Fetch and store the dataset now; return the error ('' on success) and schedule the next pull."""
    now = timezone.now()
    try:
        content, fmt = fetch(dataset.pull_url, dataset.format)
        receive(dataset, Arrival(Delivery.Channel.PULL, content, fmt, source_url=dataset.pull_url))
    except (OSError, IOCError) as exc:
        error = exc.message if isinstance(exc, IOCError) else _describe(exc)
        failures = dataset.pull_failures + 1
        delay = datetime.timedelta(seconds=settings.DATAHUB_PULL_RETRY_SECONDS * 2 ** (failures - 1))
        retry = now + min(delay, dataset.expected_every or DEFAULT_PERIOD)
        Dataset.objects.filter(pk=dataset.pk).update(
            pull_failures=failures, last_pull_error=error[:2000], next_pull_at=retry
        )
        logger.warning("pull of dataset %s failed (%d in a row): %s", dataset.code, failures, error)
        return error
    following = now + (dataset.expected_every or DEFAULT_PERIOD)
    Dataset.objects.filter(pk=dataset.pk).update(pull_failures=0, last_pull_error="", next_pull_at=following)
    return ""


def fetch(url: str, default_format: str) -> tuple[bytes, str]:
    """GET the URL through the safe fetcher; return the body and its format (from Content-Type, else the dataset's)."""
    answer = safe_fetch(
        url,
        max_bytes=settings.DATAHUB_MAX_UPLOAD_BYTES,
        timeout=settings.DATAHUB_PULL_TIMEOUT_SECONDS,
        headers={"Accept": "application/json, text/csv;q=0.9", "User-Agent": "khanhhoa-ioc"},
    )
    fmt = {"application/json": "json", "text/csv": "csv"}.get(answer.headers.get_content_type(), default_format)
    return answer.body, fmt


def _describe(exc: OSError) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        return f"cannot reach the endpoint: {exc.reason}"
    return f"{type(exc).__name__}: {exc}"
