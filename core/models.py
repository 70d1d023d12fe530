"""What the platform records about itself: each long-running worker's last completed pass."""

import datetime
import os
import socket

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class HeartbeatQuerySet(models.QuerySet["WorkerHeartbeat"]):
    def stale(self, now: datetime.datetime) -> "HeartbeatQuerySet":
        """Return the workers with no completed pass within WORKER_STALE_SECONDS."""
        return self.filter(last_pass_at__lt=now - datetime.timedelta(seconds=settings.WORKER_STALE_SECONDS))


class WorkerHeartbeat(models.Model):
    """One worker kind on one host ("alerts@web-1"): when it last completed a pass, and its last error."""

    key = models.CharField(_("worker"), max_length=200, primary_key=True)
    name = models.CharField(_("kind"), max_length=50)
    host = models.CharField(_("host"), max_length=150)
    pid = models.IntegerField(_("process"))
    started_at = models.DateTimeField(_("started at"))
    last_pass_at = models.DateTimeField(_("last completed pass"))
    passes = models.BigIntegerField(_("passes"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)

    objects = HeartbeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        ordering = ["name", "host"]

    def __str__(self) -> str:
        return self.key

    @classmethod
    def beat(cls, name: str, started_at: datetime.datetime, error: str = "") -> None:
        """Record a completed pass of this process's worker (and the error it recovered from, if any)."""
        host = socket.gethostname()[:150]
        now = timezone.now()
        defaults: dict[str, object] = {
            "name": name, "host": host, "pid": os.getpid(), "started_at": started_at, "last_pass_at": now,
            "passes": models.F("passes") + 1,
        }  # fmt: skip
        if error:
            defaults |= {"last_error": error[:2000], "last_error_at": now}
        updated = cls.objects.filter(key=f"{name}@{host}").update(**defaults)
        if not updated:
            defaults["passes"] = 1
            cls.objects.update_or_create(key=f"{name}@{host}", defaults=defaults)
