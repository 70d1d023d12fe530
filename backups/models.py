"""The record of each backup run, for the admin, the schedule and the leadership dashboard."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BackupQuerySet(models.QuerySet["Backup"]):
    def succeeded(self) -> "BackupQuerySet":
        """Runs that reached every destination."""
        return self.filter(status=Backup.Status.OK)


class Backup(models.Model):
    """One run of `manage.py backup`: where it went and what happened. The files themselves live at the destinations."""

    class Status(models.TextChoices):
        OK = "ok", _("Written to every destination")
        PARTIAL = "partial", _("Written to some destinations only")
        FAILED = "failed", _("Failed")

    class Trigger(models.TextChoices):
        MANUAL = "manual", _("Run by hand")
        SCHEDULED = "scheduled", _("Run by the worker's schedule")

    name = models.CharField(_("name"), max_length=20, blank=True, help_text=_("The backup folder's name (UTC time)."))
    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger.choices, default=Trigger.MANUAL)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    destinations = models.JSONField(
        _("destinations"), default=list, help_text=_("Each destination with whether it holds the backup, or why not.")
    )
    database_bytes = models.BigIntegerField(_("database dump size (bytes)"), default=0)
    media_files = models.PositiveIntegerField(_("media files"), default=0)
    tables = models.PositiveIntegerField(_("tables"), default=0)
    removed = models.JSONField(_("removed by the retention policy"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)

    objects = BackupQuerySet.as_manager()

    class Meta:
        verbose_name = _("backup")
        verbose_name_plural = _("backups")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.name or self.started_at.isoformat()} ({self.get_status_display()})"
