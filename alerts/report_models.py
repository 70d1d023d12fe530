"""Files kept with alerts: the evidence agencies and operators upload, and the quick reports sent to the province.

Both are stored through Django's storage API (default_storage: local media in development, object storage in
production) under random names, and served only through permission-checked views (alerts/views.py), never as
public media.
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


def evidence_path(instance: "Evidence", filename: str) -> str:
    return f"alerts/evidence/{instance.uploaded_at:%Y/%m}/{filename}"


def report_path(instance: "QuickReport", filename: str) -> str:
    return f"alerts/reports/{instance.created_at:%Y/%m}/{filename}"


class Evidence(models.Model):
    """A photo or PDF document attached to an alert's result or progress note (Appendix II, step 4)."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Photo")
        PDF = "pdf", _("PDF document")

    alert = models.ForeignKey("alerts.Alert", on_delete=models.PROTECT, related_name="evidence",
                              verbose_name=_("alert"))  # fmt: skip
    event = models.ForeignKey(
        "alerts.AlertEvent", on_delete=models.PROTECT, null=True, blank=True, related_name="evidence",
        verbose_name=_("event it came with"),
    )  # fmt: skip
    name = models.CharField(_("stored name"), max_length=64, unique=True)
    original_name = models.CharField(_("file name as uploaded"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    content_type = models.CharField(_("content type"), max_length=50)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    width = models.PositiveIntegerField(_("width (px)"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height (px)"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    gps = models.PointField(
        _("where the photo was taken"), srid=4326, null=True, blank=True,
        help_text=_("Read from the photo's EXIF GPS tags, which are kept unless ALERTS_EVIDENCE_STRIP_GPS is on."),
    )  # fmt: skip
    gps_kept = models.BooleanField(_("GPS tags kept in the file"), default=False)
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=evidence_path, max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["alert", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title

    def agency_ids(self) -> set[int]:
        return self.alert.agency_ids()


class QuickReport(models.Model):
    """A same-day quick report on one or more alerts, as sent to the province (Article 9.3, Article 14.6)."""

    alerts = models.ManyToManyField("alerts.Alert", related_name="quick_reports", verbose_name=_("alerts"))
    title = models.CharField(_("title"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"))
    file = models.FileField(_("PDF"), upload_to=report_path, max_length=200)
    map_image = models.FileField(_("map image"), upload_to=report_path, max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("quick report")
        verbose_name_plural = _("quick reports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def filename(self) -> str:
        return f"bao-cao-nhanh-{self.pk}.pdf"
