"""manage.py backup: dump the database and the uploaded files to every destination of BACKUP_DESTINATIONS."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backups.errors import BackupError
from backups.models import Backup
from backups.runner import run_backup


class Command(BaseCommand):
    help = (
        "Write a consistent database dump (pg_dump, one snapshot) and the uploaded files, with SHA-256 checksums, to "
        "every destination of BACKUP_DESTINATIONS, then apply the retention policy. Exit 1 unless every destination "
        "holds the backup."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scheduled", action="store_true", help="Record the run as started by the schedule.")

    def handle(self, *args: Any, scheduled: bool, **options: Any) -> None:
        trigger = Backup.Trigger.SCHEDULED if scheduled else Backup.Trigger.MANUAL
        try:
            backup = run_backup(trigger)
        except BackupError as exc:
            raise CommandError(f"backup failed: {exc.message}") from None
        for entry in backup.destinations:
            mark = "ok" if entry["ok"] else f"FAILED: {entry['message']}"
            self.stdout.write(f"  {entry['destination']}: {mark}")
        for removed in backup.removed:
            self.stdout.write(f"  removed by retention: {removed}")
        summary = (
            f"backup {backup.name}: {backup.tables} tables, dump {backup.database_bytes} bytes, "
            f"{backup.media_files} media files"
        )
        if backup.status != Backup.Status.OK:
            raise CommandError(f"{summary}; not every destination holds it: {backup.message}")
        self.stdout.write(f"{summary}; written to {len(backup.destinations)} destinations.")
