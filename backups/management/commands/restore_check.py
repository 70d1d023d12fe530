"""manage.py restore_check: restore the latest backup into a scratch database and compare it table by table."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from backups.errors import BackupError
from backups.runner import restore_check


class Command(BaseCommand):
    help = (
        "Verify the latest backup's SHA-256 checksums, restore its dump into a scratch database (created and "
        "dropped), and compare every table's row count and checksum with the live database's as they were at the "
        "backup. Exit 1 on any difference."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--destination", default="", help="Check the backup kept there (default: the first).")
        parser.add_argument("--backup", default="", help="The backup's name (default: the latest).")
        parser.add_argument(
            "--live", action="store_true", help="Also fail when the live database has changed since the backup."
        )

    def handle(self, *args: Any, destination: str, backup: str, live: bool, **options: Any) -> None:
        try:
            result = restore_check(destination, backup)
        except BackupError as exc:
            raise CommandError(f"restore check failed: {exc.message}") from None
        where = f"backup {result.backup} at {result.location}"
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(f"restore check FAILED for {where}: {len(result.problems)} difference(s).")
        self.stdout.write(
            f"restore check passed for {where}: {result.tables} tables, {result.rows} rows restored match the "
            f"figures taken at the backup; {result.media_files} media files verified."
        )
        if result.drift:
            self.stdout.write(f"the live database changed since the backup in {len(result.drift)} table(s):")
            for line in result.drift:
                self.stdout.write(f"  {line}")
            if live:
                raise CommandError("restore check FAILED (--live): the live database differs from the backup.")
        else:
            self.stdout.write("the live database still matches the backup exactly.")
