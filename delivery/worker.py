"""The alerts worker's whole pass: act on due alerts and rules (alerts.api.run_due), then send the messages due.

Feeds are read by the tasks worker (core.periodic, `manage.py tasks_worker`), never here: a slow or hanging feed
must not delay an overdue mark or a reminder.
"""

import dataclasses
import logging
import threading
from typing import TYPE_CHECKING

from alerts.api import run_due, worker_pass
from core.supervision import run_supervised
from delivery import sending

if TYPE_CHECKING:
    from alerts.api import RunReport

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class PassReport:
    """A whole pass: due alerts and rules, then messages sent."""

    alerts: "RunReport"
    deliveries: sending.SendReport

    def __str__(self) -> str:
        return f"{self.alerts} {self.deliveries}"


def run_pass(batch: int = 500) -> PassReport:
    """Act on due alerts and rules, then send the messages due."""
    with worker_pass():  # templates, webhooks and recipients are read once for all the notices
        report = run_due(batch)
        return PassReport(report, sending.send_due())


def run_forever(interval: float, batch: int, stop: threading.Event) -> None:
    """Run passes every interval seconds until stop is set; a full batch runs again at once.

    A lost database connection does not end the loop: core.supervision reconnects with backoff, and records each
    completed pass for /healthz.
    """

    def one_pass() -> bool:
        whole = run_pass(batch)
        if whole.alerts.claimed or whole.deliveries.sent or whole.deliveries.retried:
            logger.info("alerts worker pass: %s", whole)
        return whole.alerts.due >= batch

    run_supervised("alerts", one_pass, interval, stop)
