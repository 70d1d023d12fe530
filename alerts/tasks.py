"""The alerts app's periodic tasks, run by the tasks worker (core.periodic)."""

import datetime

from alerts import cap_import
from core.periodic import PeriodicTask


class PollCapFeeds(PeriodicTask):
    """Read the CAP feeds whose polling interval has come (each feed keeps its own schedule)."""

    every = datetime.timedelta(seconds=30)

    def run(self, now: datetime.datetime) -> str:
        reports = cap_import.poll_due()
        return f"CAP feeds read={len(reports)}" if reports else ""
