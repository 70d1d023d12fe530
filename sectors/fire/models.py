"""The fire service's registers: water sources, fire stations and their drive-time coverage, high-risk premises
(cơ sở có nguy cơ cháy nổ cao) with their inspections, and fire and rescue incidents with their response times."""

import datetime

from django.contrib.gis.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gis_core.models import AdminUnit

COVERAGE_MINUTES = (5, 10, 15)
COVERED_WITHIN_MINUTES = 10


def unit_at(point: object) -> AdminUnit | None:
    """Return the commune or ward the point lies in."""
    return AdminUnit.objects.filter(geom__intersects=point).order_by("code").first() if point is not None else None


class Located(models.Model):
    """A register entry with a code, a point and the unit it lies in (found from the point on save)."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    geom = models.PointField(_("position"), srid=4326)
    unit = models.ForeignKey(
        AdminUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("unit")
    )
    # Lineage when the entry came through a datahub delivery (empty when entered in the admin).
    delivery = models.ForeignKey("datahub.Delivery", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("delivery"))  # fmt: skip
    source_row = models.PositiveIntegerField(_("row in the delivery"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.unit = unit_at(self.geom)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class WaterSource(Located):
    """A hydrant, pond or tank fire engines can draw from, with its status at the last check."""

    class Kind(models.TextChoices):
        HYDRANT = "hydrant", _("Hydrant")
        POND = "pond", _("Pond or lake")
        TANK = "tank", _("Water tank")

    class Status(models.TextChoices):
        WORKING = "working", _("Working")
        WEAK = "weak", _("Weak pressure or low water")
        OUT_OF_ORDER = "out_of_order", _("Out of order")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.HYDRANT)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.WORKING)
    last_checked = models.DateField(_("last checked"), null=True, blank=True)
    capacity_m3 = models.FloatField(_("capacity (m³)"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("water source")
        verbose_name_plural = _("water sources")


class FireStation(Located):
    """A fire and rescue station (đội/trạm PCCC và CNCH) whose engines leave from its position."""

    address = models.CharField(_("address"), max_length=300, blank=True)
    engines = models.PositiveSmallIntegerField(_("fire engines"), default=1)

    class Meta:
        verbose_name = _("fire station")
        verbose_name_plural = _("fire stations")


class StationCoverage(models.Model):
    """The area a station's engines reach within N minutes over the road network of a given version."""

    station = models.ForeignKey(FireStation, on_delete=models.CASCADE, related_name="coverage",
                                verbose_name=_("fire station"))  # fmt: skip
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    network_version = models.PositiveIntegerField(_("road network version"))
    geom = models.GeometryField(_("area"), srid=4326)

    class Meta:
        verbose_name = _("station coverage")
        verbose_name_plural = _("station coverage")
        constraints = [models.UniqueConstraint(fields=["station", "minutes"], name="fire_coverage_station_minutes")]


class PremisesQuerySet(models.QuerySet["Premises"]):
    def overdue(self, today: datetime.date | None = None) -> "PremisesQuerySet":
        """Premises whose next inspection was due before today."""
        return self.filter(next_due__lt=today or timezone.localdate())

    def uncovered(self) -> "PremisesQuerySet":
        """Premises outside the 10-minute coverage of every station."""
        covered = StationCoverage.objects.filter(
            minutes=COVERED_WITHIN_MINUTES, geom__intersects=models.OuterRef("geom")
        )
        return self.exclude(models.Exists(covered))


class Premises(Located):
    """A premises with high fire and explosion risk under the fire police's periodic inspection."""

    class RiskGroup(models.TextChoices):
        I = "I", _("Group I: very high risk")  # noqa: E741  (the regulation's numbering)
        II = "II", _("Group II: high risk")
        III = "III", _("Group III: medium risk")

    kind = models.CharField(_("kind of premises"), max_length=100, blank=True,
                            help_text=_("Market, petrol station, hotel, factory, warehouse…"))  # fmt: skip
    address = models.CharField(_("address"), max_length=300, blank=True)
    risk_group = models.CharField(_("risk group"), max_length=3, choices=RiskGroup.choices, default=RiskGroup.II)
    last_inspection = models.DateField(_("last inspection"), null=True, blank=True)
    next_due = models.DateField(_("next inspection due"), null=True, blank=True)

    objects = PremisesQuerySet.as_manager()

    class Meta:
        verbose_name = _("high-risk premises")
        verbose_name_plural = _("high-risk premises")


# Months between periodic inspections when the register gives no next date: twice a year for group I, yearly else.
INSPECTION_MONTHS = {Premises.RiskGroup.I: 6, Premises.RiskGroup.II: 12, Premises.RiskGroup.III: 12}


class IncidentQuerySet(models.QuerySet["FireIncident"]):
    def open(self) -> "IncidentQuerySet":
        return self.filter(closed_at__isnull=True)


class FireIncident(models.Model):
    """A fire or rescue call, its times from report to closing and the station that responded."""

    class Kind(models.TextChoices):
        FIRE = "fire", _("Fire")
        EXPLOSION = "explosion", _("Explosion")
        RESCUE = "rescue", _("Rescue")

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.FIRE)
    title = models.CharField(_("title"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    geom = models.PointField(_("position"), srid=4326)
    unit = models.ForeignKey(
        AdminUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("unit")
    )
    station = models.ForeignKey(FireStation, null=True, blank=True, on_delete=models.SET_NULL, related_name="incidents",
                                verbose_name=_("responding station"))  # fmt: skip
    reported_at = models.DateTimeField(_("reported at"))
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived at"), null=True, blank=True)
    controlled_at = models.DateTimeField(_("controlled at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    response_s = models.PositiveIntegerField(_("response time (s)"), null=True, blank=True, editable=False,
                                             help_text=_("From the report to the arrival on the scene."))  # fmt: skip
    # Casualty figures are counts only and staff only (never names).
    deaths = models.PositiveSmallIntegerField(_("deaths"), default=0)
    injured = models.PositiveSmallIntegerField(_("injured"), default=0)
    rescued = models.PositiveSmallIntegerField(_("people rescued"), default=0)
    delivery = models.ForeignKey("datahub.Delivery", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("delivery"))  # fmt: skip
    source_row = models.PositiveIntegerField(_("row in the delivery"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("fire or rescue incident")
        verbose_name_plural = _("fire and rescue incidents")
        constraints = [
            models.CheckConstraint(
                condition=Q(dispatched_at__isnull=True) | Q(dispatched_at__gte=F("reported_at")),
                name="fire_incident_dispatched_after_report",
            ),
            models.CheckConstraint(
                condition=Q(arrived_at__isnull=True) | Q(arrived_at__gte=F("reported_at")),
                name="fire_incident_arrived_after_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def save(self, *args: object, **kwargs: object) -> None:
        self.unit = unit_at(self.geom)
        self.response_s = response_seconds(self.reported_at, self.arrived_at)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


def response_seconds(reported: datetime.datetime | None, arrived: datetime.datetime | None) -> int | None:
    """Return the seconds from the report to the arrival, None until the engines arrive."""
    if reported is None or arrived is None:
        return None
    return max(0, int((arrived - reported).total_seconds()))
