"""The datahub's periodic tasks, run by the alerts worker (core.periodic)."""

import datetime

from core.periodic import PeriodicTask
from datahub import freshness, pull


class PullFeeds(PeriodicTask):
    every = datetime.timedelta(minutes=1)

    def run(self, now: datetime.datetime) -> str:
        report = pull.run_due(now)
        return str(report) if report.fetched or report.failed else ""


class CheckFreshness(PeriodicTask):
    every = datetime.timedelta(minutes=5)

    def run(self, now: datetime.datetime) -> str:
        report = freshness.check(now)
        return str(report) if report.raised else ""
