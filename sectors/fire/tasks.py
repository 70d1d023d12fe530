"""The fire service's periodic check: inspections fall due with the calendar, so the rules and figures run hourly."""

import datetime

from core.periodic import PeriodicTask
from sectors.fire import figures, rules


class CheckFireSafety(PeriodicTask):
    every = datetime.timedelta(hours=1)

    def run(self, now: datetime.datetime) -> str:
        result = rules.run()
        published = figures.publish()
        return (f"fire: {result.raised} raised, {result.updated} updated, {result.retreated} retreated; "
                f"figures {published}")  # fmt: skip
