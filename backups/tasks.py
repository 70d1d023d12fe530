"""The scheduled backup: the worker starts `manage.py backup --scheduled` in its own process when one is due.

A dump can take minutes; the alerts worker must keep watching deadlines meanwhile, so the backup runs beside it,
not in it. Two workers starting it at once is harmless: the backup takes a database advisory lock and the second
one stops at once.
"""

import datetime
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from backups.models import Backup
from core.periodic import PeriodicTask

_running: subprocess.Popen[bytes] | None = None


def is_due(now: datetime.datetime) -> bool:
    """Whether the schedule asks for a backup: destinations are configured and the last good one is old enough."""
    if not settings.BACKUP_DESTINATIONS or settings.BACKUP_EVERY_HOURS <= 0:
        return False
    last = Backup.objects.succeeded().order_by("-started_at").values_list("started_at", flat=True).first()
    return last is None or now - last >= datetime.timedelta(hours=settings.BACKUP_EVERY_HOURS)


class ScheduledBackup(PeriodicTask):
    every = datetime.timedelta(minutes=10)

    def run(self, now: datetime.datetime) -> str:
        global _running
        if _running is not None and _running.poll() is None:
            return ""  # still running
        _running = None
        if not is_due(now):
            return ""
        manage = Path(settings.BASE_DIR) / "manage.py"
        _running = subprocess.Popen([sys.executable, str(manage), "backup", "--scheduled"])  # noqa: S603
        return f"backup started (process {_running.pid})"
