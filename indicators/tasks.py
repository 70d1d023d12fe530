"""The indicator set's periodic task, run by the alerts worker (core.periodic): indicators not reported in time."""

import datetime

from django.utils import timezone

from core.periodic import PeriodicTask
from indicators.checks import check_deadlines


class CheckDeadlines(PeriodicTask):
    every = datetime.timedelta(hours=1)

    def run(self, now: datetime.datetime) -> str:
        alerts = check_deadlines(timezone.localdate(now))
        return f"indicators not reported in time: {len(alerts)} open alerts" if alerts else ""
