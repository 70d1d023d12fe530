"""Long-running workers that survive a lost database: reconnect with backoff, carry on, and report each pass.

A pass that fails because the database went away (a restart, a failover, a terminated backend) is logged, every
connection is closed, and the next pass runs after 1, 2, 4 … up to MAX_BACKOFF seconds; nothing is skipped,
because each pass reads what is due from the database itself. Every completed pass is recorded in
core.WorkerHeartbeat, which /healthz and the operators' console read to show a stale worker.
"""

import logging
import threading
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, connections
from django.utils import timezone

from core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)
MAX_BACKOFF = 60.0  # seconds
# Errors that mean the connection is gone, not that the work is wrong: anything else stops the worker loudly.
CONNECTION_ERRORS = (OperationalError, InterfaceError)


def run_supervised(name: str, one_pass: Callable[[], bool], interval: float, stop: threading.Event) -> None:
    """Run one_pass until stop is set; it returns True to run again at once (a full batch), else waits interval."""
    started = timezone.now()
    failures = 0
    recovered_from = ""
    while not stop.is_set():
        try:
            again = one_pass()
            WorkerHeartbeat.beat(name, started, recovered_from)
        except CONNECTION_ERRORS as error:
            failures += 1
            delay = min(MAX_BACKOFF, 2.0 ** (failures - 1))
            recovered_from = f"{type(error).__name__}: {str(error).strip()[:500]}"
            logger.error("%s worker lost the database (%d in a row); retrying in %g s: %s", name, failures, delay,
                         recovered_from)  # fmt: skip
            connections.close_all()  # the next query opens a fresh connection
            stop.wait(delay)
            continue
        failures, recovered_from = 0, ""
        if not again:
            stop.wait(interval)
