"""The scheduled reports, run by the alerts worker (core.periodic): each period's report once, when it has ended."""

import datetime

from django.utils import timezone

from core.periodic import PeriodicTask
from reports.generation import due_reports, generate
from reports.models import Report


class ScheduledReports(PeriodicTask):
    every = datetime.timedelta(minutes=30)

    def run(self, now: datetime.datetime) -> str:
        made = [generate(kind, first, Report.Trigger.SCHEDULED) for kind, first in due_reports(timezone.localdate(now))]
        return ", ".join(str(report) for report in made)
