"""The retention purge of the audit log, run by the tasks worker (core/periodic.py)."""

import datetime

from django.conf import settings

from audit.models import AuditEntry
from core.periodic import PeriodicTask


class PurgeOld(PeriodicTask):
    """Delete audit entries older than AUDIT_KEEP_DAYS."""

    every = datetime.timedelta(hours=6)

    def run(self, now: datetime.datetime) -> str:
        removed = AuditEntry.objects.purge(now - datetime.timedelta(days=settings.AUDIT_KEEP_DAYS))
        return f"{removed} audit entries older than {settings.AUDIT_KEEP_DAYS} days removed" if removed else ""
