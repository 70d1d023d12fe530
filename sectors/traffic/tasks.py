"""The traffic service's periodic task: escalate incidents not cleared within their target time."""

import datetime

from core.periodic import PeriodicTask
from sectors.traffic import incidents


class EscalateOverdue(PeriodicTask):
    every = datetime.timedelta(minutes=5)

    def run(self, now: datetime.datetime) -> str:
        escalated = incidents.escalate_overdue(now)
        return f"{len(escalated)} road incidents escalated"
