"""The province's information systems (Decree 85/2016 security levels) and the cyber-security incidents on them.

Who may see any of it is decided in `access.py`; nothing here is public.
"""

import datetime
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from alerts.api import Severity

# Decree 85/2016 Art. 20 and Circular 12/2022/TT-BTTTT: how often a system of each level is checked and assessed
# (months between assessments); a system past this interval since its last assessment is overdue.
ASSESSMENT_MONTHS: dict[int, int] = {1: 24, 2: 24, 3: 24, 4: 12, 5: 6}


class Hosting(models.TextChoices):
    PROVINCIAL_DATA_CENTRE = "provincial_dc", _("Provincial data centre")
    AGENCY_PREMISES = "agency", _("Agency's own server room")
    GOVERNMENT_CLOUD = "gov_cloud", _("Government cloud")
    COMMERCIAL = "commercial", _("Commercial data centre or cloud")


class IncidentKind(models.TextChoices):
    MALWARE = "malware", _("Malware")
    INTRUSION = "intrusion", _("Intrusion")
    DENIAL_OF_SERVICE = "ddos", _("Denial of service")
    PHISHING = "phishing", _("Phishing")
    DATA_LEAK = "data_leak", _("Data leak")
    DEFACEMENT = "defacement", _("Website defacement")
    VULNERABILITY = "vulnerability", _("Exploited vulnerability")
    OTHER = "other", _("Other")


class IncidentSource(models.TextChoices):
    SOC = "soc", _("Provincial security operations centre")
    NATIONAL = "national", _("National cyber-security centre")
    AGENCY = "agency", _("Reported by an agency")


class SystemQuerySet(models.QuerySet["InformationSystem"]):
    def without_approved_dossier(self) -> "SystemQuerySet":
        """Systems whose security-level dossier is not approved."""
        return self.filter(level_dossier_approved=False)

    def assessment_overdue(self, today: datetime.date) -> "SystemQuerySet":
        """Systems never assessed, or assessed longer ago than their level allows."""
        overdue = models.Q(last_assessed_on__isnull=True)
        for level, months in ASSESSMENT_MONTHS.items():
            overdue |= models.Q(security_level=level, last_assessed_on__lt=_months_before(today, months))
        return self.filter(overdue)


class InformationSystem(models.Model):
    """An information system of a provincial agency, with its security level under Decree 85/2016."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    owner = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="information_systems", verbose_name=_("owner agency")
    )
    hosting = models.CharField(_("hosted at"), max_length=20, choices=Hosting.choices)
    security_level = models.PositiveSmallIntegerField(
        _("security level"), validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("Level 1 to 5 under Decree 85/2016."),
    )  # fmt: skip
    level_dossier_approved = models.BooleanField(_("level dossier approved"), default=False)
    last_assessed_on = models.DateField(_("last assessment"), null=True, blank=True)
    synthetic = models.BooleanField(_("synthetic demo data"), default=False)

    objects = SystemQuerySet.as_manager()

    class Meta:
        verbose_name = _("information system")
        verbose_name_plural = _("information systems")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(security_level__gte=1, security_level__lte=5), name="level_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def assessment_due_on(self) -> datetime.date | None:
        """The date the next periodic assessment is due, or None when the system was never assessed."""
        if self.last_assessed_on is None:
            return None
        return _months_before(self.last_assessed_on, -ASSESSMENT_MONTHS[self.security_level])


class IncidentQuerySet(models.QuerySet["CyberIncident"]):
    def open(self) -> "IncidentQuerySet":
        """Incidents not yet resolved."""
        return self.filter(resolved_at__isnull=True)


class CyberIncident(models.Model):
    """A cyber-security incident on one or more systems, from the SOC, the national centre or an agency."""

    reference = models.CharField(_("reference"), max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=IncidentKind.choices, default=IncidentKind.OTHER)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.MODERATE)
    source = models.CharField(_("source"), max_length=10, choices=IncidentSource.choices)
    systems = models.ManyToManyField(InformationSystem, related_name="incidents", verbose_name=_("affected systems"))
    detected_at = models.DateTimeField(_("detected at"))
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    contained_at = models.DateTimeField(_("contained at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    alert = models.ForeignKey(
        "alerts.Alert", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("alert")
    )
    synthetic = models.BooleanField(_("synthetic demo data"), default=False)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        db_table = "cyber_incident"  # the table of migration 0001
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-detected_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contained_at__isnull=True) | models.Q(contained_at__gte=models.F("detected_at")),
                name="contained_after_detected",
            ),
            models.CheckConstraint(
                condition=models.Q(resolved_at__isnull=True) | models.Q(resolved_at__gte=models.F("detected_at")),
                name="resolved_after_detected",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

    def agency_ids(self) -> set[int]:
        """The owner agencies of the affected systems."""
        return set(self.systems.values_list("owner_id", flat=True))


class ThreatIndicator(models.Model):
    """An indicator of compromise (a STIX 2.1 indicator): the pattern to watch for."""

    stix_id = models.CharField(_("STIX identifier"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=300, blank=True)
    pattern = models.TextField(_("pattern"))
    pattern_type = models.CharField(_("pattern language"), max_length=30, default="stix")
    valid_from = models.DateTimeField(_("valid from"))
    incidents = models.ManyToManyField(
        CyberIncident, blank=True, related_name="indicators", verbose_name=_("incidents")
    )

    class Meta:
        verbose_name = _("threat indicator")
        verbose_name_plural = _("threat indicators")
        ordering = ["-valid_from", "id"]

    def __str__(self) -> str:
        return self.name or self.stix_id


class Sighting(models.Model):
    """A STIX 2.1 sighting: an indicator seen, how often and when, tied to an incident."""

    stix_id = models.CharField(_("STIX identifier"), max_length=100, unique=True)
    incident = models.ForeignKey(
        CyberIncident, on_delete=models.CASCADE, related_name="sightings", verbose_name=_("incident")
    )
    indicator = models.ForeignKey(
        ThreatIndicator, on_delete=models.SET_NULL, null=True, blank=True, related_name="sightings",
        verbose_name=_("indicator"),
    )  # fmt: skip
    first_seen = models.DateTimeField(_("first seen"), null=True, blank=True)
    last_seen = models.DateTimeField(_("last seen"), null=True, blank=True)
    count = models.PositiveIntegerField(_("times seen"), default=1)

    class Meta:
        verbose_name = _("sighting")
        verbose_name_plural = _("sightings")
        ordering = ["-last_seen", "id"]

    def __str__(self) -> str:
        return self.stix_id


def _months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` months earlier (later when negative), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: every month has a 28th


def incident_fields(incident: CyberIncident) -> dict[str, Any]:
    """The incident as the API shows it."""
    return {
        "reference": incident.reference, "title": incident.title, "kind": incident.kind,
        "severity": incident.severity, "source": incident.source,
        "systems": sorted(system.code for system in incident.systems.all()),
        "detected_at": incident.detected_at, "reported_at": incident.reported_at,
        "contained_at": incident.contained_at, "resolved_at": incident.resolved_at,
        "alert": incident.alert_id,
    }  # fmt: skip
