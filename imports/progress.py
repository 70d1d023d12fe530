"""The counters of a running job, written to its row by a thread of their own every PERIOD seconds.

The import itself runs in one transaction on the worker's connection, so nothing it writes is visible before it
commits; the counters go through the thread's own connection and commit at once, for the job page to poll.
"""

import threading
import uuid
from types import TracebackType

from django.db import connection
from django.utils import timezone

from gis_core.importer import ImportProgress
from imports.models import ImportJob

PERIOD = 0.5  # seconds between writes of the counters


class JobProgress(ImportProgress):
    """Collect an import's counters in memory (cheap for the importer) and flush them from a thread."""

    def __init__(self, job_id: uuid.UUID, period: float = PERIOD) -> None:
        self.job_id = job_id
        self.period = period
        self._lock = threading.Lock()
        self._values: dict[str, object] = {"phase": "", "features_read": 0, "features_written": 0}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._flush_loop, name=f"import-job-{job_id}", daemon=True)

    def phase(self, name: str) -> None:
        with self._lock:
            self._values["phase"] = name

    def total(self, count: int | None) -> None:
        with self._lock:
            self._values["features_total"] = count

    def read(self, count: int) -> None:
        with self._lock:
            self._values["features_read"] = int(self._values["features_read"]) + count  # type: ignore[call-overload]

    def written(self, count: int) -> None:
        with self._lock:
            self._values["features_written"] = int(self._values["features_written"]) + count  # type: ignore[call-overload]

    def snapshot(self) -> dict[str, object]:
        with self._lock:
            return dict(self._values)

    def __enter__(self) -> "JobProgress":
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()

    def _flush_loop(self) -> None:
        written: dict[str, object] = {}
        try:
            while True:
                stopping = self._stop.wait(self.period)
                values = self.snapshot()
                if values != written or not stopping:  # an unchanged write still beats the heartbeat
                    ImportJob.objects.filter(pk=self.job_id).update(**values, updated_at=timezone.now())
                    written = values
                if stopping:
                    return
        finally:
            connection.close()  # this thread's own connection
