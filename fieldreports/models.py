"""Field reports from citizens and voters' petitions (service 2 of Appendix I), each handled as one alert.

A report keeps what the reporter said (category, place, description, photos, Open311 attributes); its contact
details live apart in ReportContact and never leave the IOC (Decree 13/2023/NĐ-CP). Its handling is the alert it
raised (alerts.Alert, deadline procedure); the public status is read from that alert's state. A report merged
into another one follows the other's alert.
"""

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.gis.measure import D
from django.core.validators import RegexValidator
from django.db.models import Case, F, Q, When
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from fieldreports.choices import (
    OPEN311_OPEN_STATES,
    PUBLIC_STATUS_OF_STATE,
    AttributeType,
    CategoryKind,
    Channel,
    PublicStatus,
)

CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9_-]+$", _("Use letters, digits, '-' and '_' only (the code appears in addresses).")
)
# Tracking codes avoid letters that read like digits (I, L, O, U) so they can be read out over the phone.
TRACKING_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TRACKING_PREFIX = "PA"
TRACKING_LENGTH = 8


def localized(vietnamese: str, english: str) -> str:
    """Return the English text when the active language is English and one exists, else the Vietnamese."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return english if language.startswith("en") and english else vietnamese


def normalize_tracking_code(raw: str) -> str:
    """Upper-case the code and drop spaces and dashes, as people type it."""
    return "".join(ch for ch in str(raw).upper() if ch not in " -")


class CategoryQuerySet(models.QuerySet["ReportCategory"]):
    def active(self) -> "CategoryQuerySet":
        return self.filter(is_active=True)

    def public(self) -> "CategoryQuerySet":
        """Active categories anyone may report in (voters' petitions are entered by staff)."""
        return self.active().filter(kind=CategoryKind.PUBLIC)


class ReportCategory(models.Model):
    """A kind of field report, offered as an Open311 service; the management agency edits the list."""

    service_code = models.CharField(_("Open311 service code"), max_length=40, unique=True,
                                    validators=[CODE_VALIDATOR])  # fmt: skip
    name = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description (Vietnamese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CategoryKind.choices, default=CategoryKind.PUBLIC)
    sector = models.ForeignKey(
        "agencies.Sector", on_delete=models.PROTECT, related_name="report_categories", verbose_name=_("sector"),
        help_text=_("Decides the competent agencies when the report is routed."),
    )  # fmt: skip
    group = models.CharField(_("group"), max_length=100, blank=True,
                             help_text=_("Open311 group, e.g. 'environment' or 'traffic'."))  # fmt: skip
    keywords = models.CharField(_("keywords"), max_length=500, blank=True,
                                help_text=_("Comma-separated words that help people find the category."))  # fmt: skip
    service_notice = models.TextField(_("service notice (Vietnamese)"), blank=True,
                                      help_text=_("What the reporter can expect, returned after sending."))  # fmt: skip
    service_notice_en = models.TextField(_("service notice (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("report category")
        verbose_name_plural = _("report categories")
        ordering = ["order", "service_code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.service_code})"

    @property
    def is_public(self) -> bool:
        return self.kind == CategoryKind.PUBLIC

    @property
    def display_name(self) -> str:
        return localized(self.name, self.name_en)

    @property
    def display_description(self) -> str:
        return localized(self.description, self.description_en)

    @property
    def display_notice(self) -> str:
        return localized(self.service_notice, self.service_notice_en)


class CategoryAttribute(models.Model):
    """A question of the category's Open311 service definition (sent as attribute[code])."""

    category = models.ForeignKey(ReportCategory, on_delete=models.CASCADE, related_name="attributes",
                                 verbose_name=_("category"))  # fmt: skip
    code = models.CharField(_("code"), max_length=40, validators=[CODE_VALIDATOR])
    datatype = models.CharField(_("datatype"), max_length=20, choices=AttributeType.choices,
                                default=AttributeType.STRING)  # fmt: skip
    variable = models.BooleanField(_("asks for input"), default=True,
                                   help_text=_("Off: the text is only shown to the reporter."))  # fmt: skip
    required = models.BooleanField(_("required"), default=False)
    description = models.CharField(_("question (Vietnamese)"), max_length=500)
    description_en = models.CharField(_("question (English)"), max_length=500, blank=True)
    datatype_description = models.CharField(_("hint"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    values = models.JSONField(
        _("values"), default=list, blank=True,
        help_text=_('For lists: [{"key": "k1", "name": "Tên", "name_en": "Name"}, …].'),
    )  # fmt: skip

    class Meta:
        verbose_name = _("category question")
        verbose_name_plural = _("category questions")
        ordering = ["category", "order"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="category_attribute_code_unique"),
            models.UniqueConstraint(fields=["category", "order"], name="category_attribute_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.category.service_code}/{self.code}"

    @property
    def display_description(self) -> str:
        return localized(self.description, self.description_en)

    def choices(self) -> list[tuple[str, str]]:
        """The (key, name) pairs of a list attribute, names in the active language."""
        return [(str(item["key"]), localized(str(item.get("name", item["key"])), str(item.get("name_en", ""))))
                for item in self.values or [] if isinstance(item, dict) and "key" in item]  # fmt: skip

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.datatype in (AttributeType.SINGLE, AttributeType.MULTI) and not self.choices():
            raise ValidationError({"values": _('A list question needs values: [{"key": …, "name": …}].')})


class Open311ClientQuerySet(models.QuerySet["Open311Client"]):
    def authenticate(self, raw: str) -> "Open311Client | None":
        """Return the active client whose api_key this is, or None."""
        if not raw:
            return None
        return self.filter(key_hash=Open311Client.hash(raw), is_active=True).first()


class Open311Client(models.Model):
    """An application allowed to POST requests through Open311 with its api_key; only the key's hash is kept."""

    name = models.CharField(_("name"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("key prefix"), max_length=8, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    shared_address = models.BooleanField(
        _("posts for many people from one address"), default=False,
        help_text=_("A server-side gateway: the per-address limit is not applied; the per-contact limit is."),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    objects = Open311ClientQuerySet.as_manager()

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(raw: str) -> str:
        """Hash a raw key; keys are random, so a plain SHA-256 suffices."""
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, name: str, **fields: Any) -> tuple["Open311Client", str]:
        """Create a client and return it with its raw api_key, shown once."""
        client = cls(name=name, **fields)
        raw = client.assign_key()
        client.save()
        return client, raw

    def assign_key(self) -> str:
        """Give this client a fresh key; return the raw key, which is never stored."""
        raw = secrets.token_urlsafe(24)
        self.key_hash, self.prefix = self.hash(raw), raw[:8]
        return raw


class FieldReportQuerySet(models.QuerySet["FieldReport"]):
    def with_status_state(self) -> "FieldReportQuerySet":
        """Annotate status_state: the state of the alert the report follows (the merged-into report's, if any)."""
        followed = Case(When(merged_into__isnull=False, then=F("merged_into__alert__state")), default=F("alert__state"))
        return self.annotate(status_state=followed)

    def open311_status(self, statuses: set[str]) -> "FieldReportQuerySet":
        """Reports whose Open311 status (open or closed) is one of the given ones."""
        query = Q()
        if "open" in statuses:
            query |= Q(status_state__in=OPEN311_OPEN_STATES)
        if "closed" in statuses:
            query |= ~Q(status_state__in=OPEN311_OPEN_STATES)
        return self.with_status_state().filter(query)

    def open_reports(self) -> "FieldReportQuerySet":
        """Reports not merged away whose alert is still open."""
        return self.filter(merged_into__isnull=True, alert__state__in=OPEN311_OPEN_STATES)

    def nearby_open(self, category: "ReportCategory", point: Any) -> "FieldReportQuerySet":
        """Open reports of the category near the point and recent (settings FIELDREPORTS_DUPLICATE_*)."""
        since = timezone.now() - datetime.timedelta(days=settings.FIELDREPORTS_DUPLICATE_DAYS)
        radius = D(m=settings.FIELDREPORTS_DUPLICATE_RADIUS_M)
        return (
            self.open_reports()
            .filter(category=category, submitted_at__gte=since, geom__isnull=False)
            .filter(geom__distance_lte=(point, radius))
            .order_by("submitted_at", "pk")
        )


class FieldReport(models.Model):
    """One report from the field; it is handled as its alert."""

    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True, editable=False)
    category = models.ForeignKey(ReportCategory, on_delete=models.PROTECT, related_name="reports",
                                 verbose_name=_("category"))  # fmt: skip
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    client = models.ForeignKey(Open311Client, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="reports", verbose_name=_("Open311 client"))  # fmt: skip
    geom = models.PointField(_("position"), srid=4326, null=True, blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    unit = models.ForeignKey("gis_core.AdminUnit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("unit"))  # fmt: skip
    description = models.TextField(_("description"))
    attributes = models.JSONField(_("answers to the category's questions"), default=dict, blank=True)
    media_url = models.URLField(_("media URL given by the client"), max_length=1000, blank=True)
    alert = models.OneToOneField("alerts.Alert", on_delete=models.PROTECT, related_name="field_report",
                                 verbose_name=_("alert"))  # fmt: skip
    submitted_at = models.DateTimeField(_("submitted at"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Merging: the duplicate's reporter follows the report it was merged into.
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="merged_reports", verbose_name=_("merged into"))  # fmt: skip
    merged_at = models.DateTimeField(_("merged at"), null=True, blank=True)
    merged_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("merged by"))  # fmt: skip
    # What the public reads, written for the public (the alert's own texts stay internal).
    public_answer = models.TextField(_("public answer"), blank=True)
    public_answer_at = models.DateTimeField(_("public answer given at"), null=True, blank=True)
    public_answer_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+", verbose_name=_("public answer given by"))  # fmt: skip
    public_reason = models.TextField(_("public reason for not accepting"), blank=True)

    objects = FieldReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("field report")
        verbose_name_plural = _("field reports")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["category", "submitted_at"], name="fieldreport_category_time"),
            models.Index(fields=["submitted_at"], name="fieldreport_submitted"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(merged_into=F("pk")), name="fieldreport_not_merged_into_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.category.service_code}"

    @staticmethod
    def new_tracking_code() -> str:
        """A random code such as PA7K3M9Q2X (32^8 possibilities)."""
        return TRACKING_PREFIX + "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))

    @property
    def followed(self) -> "FieldReport":
        """The report whose handling this one follows: itself, or the one it was merged into."""
        return self.merged_into if self.merged_into_id is not None and self.merged_into is not None else self

    @property
    def public_status(self) -> PublicStatus:
        return PUBLIC_STATUS_OF_STATE[self.followed.alert.state]

    @property
    def open311_status(self) -> str:
        return "open" if self.followed.alert.state in OPEN311_OPEN_STATES else "closed"

    def agency_ids(self) -> set[int]:
        """The agencies handling the followed alert (read by accounts.permissions)."""
        return self.followed.alert.agency_ids()

    def likely_duplicates(self) -> "FieldReportQuerySet":
        """Other open reports of the same category nearby and recent: candidates for merging."""
        if self.geom is None:
            return FieldReport.objects.none()
        return FieldReport.objects.nearby_open(self.category, self.geom).exclude(pk=self.pk)


class ReportContact(models.Model):
    """How to reach the reporter: personal data, seen only by IOC staff, never published (Decree 13/2023)."""

    report = models.OneToOneField(FieldReport, on_delete=models.PROTECT, related_name="contact",
                                  verbose_name=_("report"))  # fmt: skip
    first_name = models.CharField(_("given name"), max_length=100, blank=True)
    last_name = models.CharField(_("family name"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    device_id = models.CharField(_("device id"), max_length=200, blank=True)
    account_id = models.CharField(_("account id in the client"), max_length=200, blank=True)
    consent_at = models.DateTimeField(
        _("consent given at"), null=True, blank=True,
        help_text=_("When the reporter agreed on our page to be contacted about this report."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("reporter contact")
        verbose_name_plural = _("reporter contacts")

    def __str__(self) -> str:
        return str(_("Contact of report %(code)s") % {"code": self.report.tracking_code})

    @property
    def is_empty(self) -> bool:
        return not any((self.first_name, self.last_name, self.email, self.phone, self.device_id, self.account_id))


def photo_path(instance: "ReportPhoto", filename: str) -> str:
    return f"fieldreports/photos/{instance.report.submitted_at:%Y/%m}/{instance.name}"


class ReportPhoto(models.Model):
    """A photo attached to a report, checked by content and stored under a random name."""

    report = models.ForeignKey(FieldReport, on_delete=models.PROTECT, related_name="photos",
                               verbose_name=_("report"))  # fmt: skip
    name = models.CharField(_("file name"), max_length=64, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to=photo_path, max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size_bytes = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    exif_kept = models.BooleanField(_("EXIF kept"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    class Meta:
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")
        ordering = ["report", "position"]

    def __str__(self) -> str:
        return self.name
