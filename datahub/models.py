"""Data providers' datasets (Article 6) and every delivery of data, which is the lineage of each stored value.

A dataset belongs to one provider (an agencies.Agency), says what it carries (a target of datahub.targets, e.g. the
indicator values of service 1), in which format and how it arrives (pushed to the API, pulled from the provider's
endpoint, or uploaded as a file), and how often it should be updated. Its freshness follows from the last
delivery: fresh, late (one data-feed alert raised) or interrupted. Each delivery keeps the bytes as received.
"""

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Freshness(models.TextChoices):
    FRESH = "fresh", _("Fresh")
    LATE = "late", _("Late")
    INTERRUPTED = "interrupted", _("Interrupted")
    ON_DEMAND = "on_demand", _("No schedule")


class Dataset(models.Model):
    """What a provider sends, how and how often."""

    class Arrival(models.TextChoices):
        PUSH = "push", _("Pushed to the API by the provider")
        PULL = "pull", _("Pulled from the provider's endpoint")
        FILE = "file", _("Uploaded as a file")

    class Format(models.TextChoices):
        JSON = "json", "JSON"
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        PDF = "pdf", "PDF"

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    provider = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="datasets", verbose_name=_("provider")
    )
    sector = models.ForeignKey(
        "agencies.Sector", on_delete=models.PROTECT, null=True, blank=True, related_name="datasets",
        verbose_name=_("service"), help_text=_("The service of Appendix I the data serves."),
    )  # fmt: skip
    target = models.CharField(
        _("content"), max_length=40, help_text=_("What the rows are: a name from datahub.targets.TARGETS.")
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.CSV)
    arrival = models.CharField(_("arrival"), max_length=10, choices=Arrival.choices, default=Arrival.PUSH)
    expected_every = models.DurationField(
        _("expected update every"), null=True, blank=True,
        help_text=_("E.g. 1 day, or 30 days for a monthly dataset. Empty: sent on demand, never late."),
    )  # fmt: skip
    column_map = models.JSONField(
        _("column mapping"), default=dict, blank=True,
        help_text=_('Column of the provider\'s table -> field, e.g. {"Mã chỉ tiêu": "indicator"}; '
                    "columns named like the fields need none."),
    )  # fmt: skip
    pull_url = models.URLField(_("endpoint to pull from"), blank=True, max_length=500)
    next_pull_at = models.DateTimeField(_("next pull at"), null=True, blank=True)
    pull_failures = models.PositiveIntegerField(_("failed pulls in a row"), default=0)
    last_pull_error = models.TextField(_("last pull error"), blank=True)
    last_received_at = models.DateTimeField(_("last received at"), null=True, blank=True)
    feed_alert = models.ForeignKey(
        "alerts.Alert", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("open data-feed alert"),
    )  # fmt: skip
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = ["provider__name", "code"]
        indexes = [
            models.Index(
                fields=["next_pull_at"], name="dataset_next_pull", condition=models.Q(next_pull_at__isnull=False)
            )
        ]

    def __str__(self) -> str:
        return self.name

    def agency_ids(self) -> set[int]:
        """The provider (read by accounts.permissions: a provider's staff act only on its own datasets)."""
        return {self.provider_id}

    def expected_by(self) -> datetime.datetime | None:
        """When the next delivery is due (None for datasets sent on demand)."""
        if self.expected_every is None:
            return None
        return (self.last_received_at or self.created_at) + self.expected_every

    def freshness(self, now: datetime.datetime | None = None) -> str:
        """Fresh until the next delivery is due, late after, interrupted after DATAHUB_INTERRUPTED_FACTOR periods."""
        due = self.expected_by()
        if due is None or self.expected_every is None:
            return Freshness.ON_DEMAND
        now = now or timezone.now()
        if now <= due:
            return Freshness.FRESH
        interrupted = due + self.expected_every * (settings.DATAHUB_INTERRUPTED_FACTOR - 1)
        return Freshness.LATE if now <= interrupted else Freshness.INTERRUPTED

    def mapping(self, columns: list[str], fields: list[str]) -> dict[str, str]:
        """Column -> field: the dataset's own mapping first, then columns named like a field (any case)."""
        mapping = {column: field for column, field in self.column_map.items() if column in columns and field in fields}
        mapped = set(mapping.values())
        by_name = {field.lower(): field for field in fields}
        for column in columns:
            field = by_name.get(column.strip().lower())
            if column not in mapping and field is not None and field not in mapped:
                mapping[column] = field
                mapped.add(field)
        return mapping


def delivery_path(instance: "Delivery", filename: str) -> str:
    day = timezone.localdate()
    return f"datahub/{instance.dataset.code}/{day:%Y/%m}/{filename}"


class Delivery(models.Model):
    """One arrival of data (a pushed request, a pull, an uploaded file): kept as received, with what became of it."""

    class Channel(models.TextChoices):
        PUSH = "push", _("API push")
        PULL = "pull", _("API pull")
        FILE = "file", _("File upload")

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Awaiting confirmation")
        COMMITTED = "committed", _("Stored")
        REFUSED = "refused", _("Refused")

    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("dataset"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    committed_at = models.DateTimeField(_("stored at"), null=True, blank=True)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("sent by"),
    )  # fmt: skip
    token_prefix = models.CharField(_("token"), max_length=8, blank=True)
    source_url = models.URLField(_("pulled from"), blank=True, max_length=500)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Dataset.Format.choices)
    content = models.FileField(_("content as received"), upload_to=delivery_path, max_length=300)
    content_sha256 = models.CharField(_("SHA-256 of the content"), max_length=64, db_index=True)
    column_map = models.JSONField(_("column mapping used"), default=dict, blank=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_created = models.PositiveIntegerField(_("values created"), default=0)
    rows_updated = models.PositiveIntegerField(_("values changed"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("values unchanged"), default=0)
    problems = models.JSONField(_("validation report"), default=list, blank=True)

    class Meta:
        # Not "deliveries": the alerts' outbox has message deliveries too.
        verbose_name = _("data delivery")
        verbose_name_plural = _("data deliveries")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.dataset.code} #{self.pk} ({self.get_channel_display()}, {self.received_at:%Y-%m-%d %H:%M})"

    def agency_ids(self) -> set[int]:
        return {self.dataset.provider_id}

    def describe_source(self) -> str:
        """Where the data came from, for lineage: the file, the endpoint or the request."""
        if self.filename:
            return self.filename
        return self.source_url or str(_("API request"))

    def summary(self) -> dict[str, Any]:
        """The delivery as the API returns it."""
        return {
            "delivery": self.pk, "dataset": self.dataset.code, "status": self.status, "channel": self.channel,
            "received_at": self.received_at.isoformat(), "rows": self.rows_total, "created": self.rows_created,
            "updated": self.rows_updated, "unchanged": self.rows_unchanged, "problems": self.problems,
        }  # fmt: skip
