"""The one error of the backups app: it says what failed and how to fix it."""

from core.errors import IOCError


class BackupError(IOCError):
    """A backup or a restore check could not be done as asked."""

    code = "backup_failed"
