"""The listening periodic tasks, run by the tasks worker (core.periodic)."""

import datetime

from core.periodic import PeriodicTask
from sectors.listening import feeds, spikes


class PollFeeds(PeriodicTask):
    """Read the news feeds whose interval has come, then check the spike rule on what came in."""

    every = datetime.timedelta(seconds=60)

    def run(self, now: datetime.datetime) -> str:
        reports = feeds.poll_due()
        if not reports:
            return ""
        new = sum(report.new for report in reports)
        spikes.check(now)
        return f"news feeds read={len(reports)} new mentions={new}"


class CheckSpikes(PeriodicTask):
    """Compare each topic's negative mentions of the last 24 hours with its baseline."""

    every = datetime.timedelta(minutes=10)

    def run(self, now: datetime.datetime) -> str:
        outcomes = spikes.check(now)
        return ", ".join(f"{topic}: {outcome}" for topic, outcome in outcomes.items() if outcome != "quiet")
