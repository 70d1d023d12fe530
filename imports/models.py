"""An import job: one uploaded file imported by the tasks worker, with its counters, report or error."""

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """An upload waiting for, under, or after its import; the worker claims queued jobs with SKIP LOCKED."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=30)  # a key of imports.kinds.JOB_KINDS
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last progress"), null=True, blank=True)  # a running job's heartbeat
    file_name = models.CharField(_("file name"), max_length=200)
    params = models.JSONField(_("parameters"), encoder=DjangoJSONEncoder, default=dict)
    phase = models.CharField(_("phase"), max_length=20, blank=True)
    features_read = models.PositiveBigIntegerField(_("features read"), default=0)
    features_written = models.PositiveBigIntegerField(_("features written"), default=0)
    features_total = models.PositiveBigIntegerField(_("features in the file"), null=True, blank=True)
    report = models.JSONField(_("report"), encoder=DjangoJSONEncoder, default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["state", "created_at"], name="imports_job_queue")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
