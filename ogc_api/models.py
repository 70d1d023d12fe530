"""A process job: one asynchronous execution of an OGC API process, run by the tasks worker."""

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcessJobQuerySet(models.QuerySet["ProcessJob"]):
    def owned_by(self, user: object) -> "ProcessJobQuerySet":
        """The jobs the user made: nobody, staff included, sees another account's inputs or results."""
        user_id = getattr(user, "pk", None)
        return self.filter(owner_id=user_id) if user_id is not None else self.none()


class ProcessJob(models.Model):
    """An execute request waiting for, under, or after its run; the worker claims accepted jobs with SKIP LOCKED.

    The statuses are OGC API Processes' own (statusCode.yaml), so the API shows the stored value unchanged.
    """

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("Waiting for the worker")
        RUNNING = "running", _("Running")
        SUCCESSFUL = "successful", _("Finished")
        FAILED = "failed", _("Failed")
        DISMISSED = "dismissed", _("Dismissed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    process_id = models.CharField(_("process"), max_length=50)  # a key of ogc_api.processes.registry.PROCESSES
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACCEPTED, db_index=True
    )
    inputs = models.JSONField(_("inputs"), encoder=DjangoJSONEncoder, default=dict)
    response = models.CharField(_("response"), max_length=10, default="raw")  # raw or document, as in the request
    language = models.CharField(_("language"), max_length=10, blank=True)  # the request's, for the messages
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.TextField(_("message"), blank=True)
    result = models.JSONField(_("result"), encoder=DjangoJSONEncoder, null=True, blank=True)

    objects = ProcessJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("process job")
        verbose_name_plural = _("process jobs")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="ogc_api_job_queue"),
            models.Index(fields=["owner", "created_at"], name="ogc_api_job_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.process_id} {self.pk} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCESSFUL, self.Status.FAILED, self.Status.DISMISSED)
