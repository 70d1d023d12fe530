"""The traffic service (Appendix I item 10): detectors on road segments, 5-minute flows, congestion episodes and
the incident register. Built on roads.RoadEdge (the routable network) and iot.Device (detectors and cameras)."""

import datetime

from django.conf import settings
from django.contrib.gis.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

STEP = datetime.timedelta(minutes=5)


def step_of(at: datetime.datetime) -> datetime.datetime:
    """Return the start of the 5-minute step holding the instant (UTC)."""
    at = at.astimezone(datetime.UTC)
    return at.replace(minute=at.minute - at.minute % 5, second=0, microsecond=0)


class Detector(models.Model):
    """An IoT device (loop detector, radar or camera analytics) counting the traffic of one road segment."""

    device = models.OneToOneField(
        "iot.Device", on_delete=models.CASCADE, related_name="traffic_detector", verbose_name=_("device")
    )
    edge = models.OneToOneField(
        # PROTECT: a new import of the network must not take the detectors and their history with it.
        "roads.RoadEdge", on_delete=models.PROTECT, related_name="traffic_detector", verbose_name=_("road segment"),
        help_text=_("One detector per segment: its readings are the segment's flow."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("traffic detector")
        verbose_name_plural = _("traffic detectors")

    def __str__(self) -> str:
        return str(self.device_id)


class SegmentFlow(models.Model):
    """The traffic of one segment during one 5-minute step: counts by class, mean speed and level of service."""

    edge = models.ForeignKey(
        "roads.RoadEdge", on_delete=models.PROTECT, related_name="+", verbose_name=_("road segment")
    )
    step = models.DateTimeField(_("5-minute step"), help_text=_("Start of the step."))
    motorbikes = models.PositiveIntegerField(_("motorbikes"), null=True, blank=True)
    cars = models.PositiveIntegerField(_("cars"), null=True, blank=True)
    trucks = models.PositiveIntegerField(_("trucks"), null=True, blank=True)
    buses = models.PositiveIntegerField(_("buses"), null=True, blank=True)
    speed_kmh = models.FloatField(_("mean speed (km/h)"), null=True, blank=True)
    free_flow_kmh = models.FloatField(_("free-flow speed (km/h)"))
    los = models.FloatField(_("level of service"), null=True, blank=True,
                            help_text=_("Mean speed divided by the free-flow speed."))  # fmt: skip
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("segment flow")
        verbose_name_plural = _("segment flows")
        constraints = [models.UniqueConstraint(fields=["edge", "step"], name="traffic_flow_edge_step")]
        indexes = [models.Index(fields=["step"], name="traffic_flow_step")]


class CongestionEpisode(models.Model):
    """A stretch of time a segment stayed congested long enough to raise an alert; ended when traffic flows."""

    edge = models.ForeignKey(
        "roads.RoadEdge", on_delete=models.PROTECT, related_name="+", verbose_name=_("road segment")
    )
    started_at = models.DateTimeField(_("congested since"))
    ended_at = models.DateTimeField(_("flowing again at"), null=True, blank=True)
    alert = models.ForeignKey("alerts.Alert", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("alert"))  # fmt: skip

    class Meta:
        verbose_name = _("congestion episode")
        verbose_name_plural = _("congestion episodes")
        constraints = [
            models.UniqueConstraint(
                fields=["edge"], condition=models.Q(ended_at__isnull=True), name="traffic_one_open_episode"
            )
        ]


class IncidentKind(models.TextChoices):
    ACCIDENT = "accident", _("Traffic accident")
    BREAKDOWN = "breakdown", _("Vehicle breakdown")
    ROAD_FLOODING = "road_flooding", _("Road flooding")
    LANDSLIDE = "landslide", _("Landslide on the road")
    CONGESTION = "congestion", _("Congestion")
    ROAD_WORKS = "road_works", _("Road works")


class IncidentOrigin(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    FIELD_REPORT = "field_report", _("Field report")
    CAMERA = "camera", _("Camera event")
    DATA_FILE = "data_file", _("Data file or push")


class IncidentQuerySet(models.QuerySet["TrafficIncident"]):
    def open(self) -> "IncidentQuerySet":
        """Incidents not cleared yet."""
        return self.filter(cleared_at__isnull=True)

    def overdue(self, now: datetime.datetime) -> "IncidentQuerySet":
        """Open incidents past their target clearance time and not escalated yet."""
        return self.open().filter(target_at__lt=now, escalated_at__isnull=True)


class TrafficIncident(models.Model):
    """One road incident on the network: where, lanes blocked, when reported, confirmed and cleared, casualties
    as counts only (never names)."""

    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices)
    origin = models.CharField(_("raised from"), max_length=20, choices=IncidentOrigin.choices,
                              default=IncidentOrigin.MANUAL)  # fmt: skip
    edge = models.ForeignKey("roads.RoadEdge", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name=_("road segment"))  # fmt: skip
    geom = models.PointField(_("position"), srid=4326)
    unit = models.ForeignKey("gis_core.AdminUnit", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("commune or ward"))  # fmt: skip
    description = models.TextField(_("description"), blank=True)
    lanes_blocked = models.PositiveSmallIntegerField(_("lanes blocked"), default=0)
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    target_at = models.DateTimeField(_("to be cleared by"))
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    deaths = models.PositiveSmallIntegerField(_("deaths"), default=0)
    injured = models.PositiveSmallIntegerField(_("injured"), default=0)
    alert = models.ForeignKey("alerts.Alert", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("alert"))  # fmt: skip
    field_report = models.ForeignKey("fieldreports.FieldReport", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("field report"))  # fmt: skip
    camera_event = models.ForeignKey("iot.CameraEvent", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("camera event"))  # fmt: skip
    reference = models.CharField(_("reference in the sender's register"), max_length=40, blank=True)
    delivery = models.ForeignKey("datahub.Delivery", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("delivery"))  # fmt: skip
    source_row = models.PositiveIntegerField(_("row in the delivery"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("entered by"))  # fmt: skip

    objects = IncidentQuerySet.as_manager()

    class Meta:
        db_table = "traffic_incident"  # the table of migration 0001, read by the map view of 0003
        verbose_name = _("road incident")
        verbose_name_plural = _("road incidents")
        ordering = ["-reported_at"]
        indexes = [models.Index(fields=["reported_at"], name="traffic_incident_reported")]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"], condition=~models.Q(reference=""), name="traffic_incident_reference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.cleared_at is None

    @property
    def clearance(self) -> datetime.timedelta | None:
        """Time from report to clearance."""
        return self.cleared_at - self.reported_at if self.cleared_at else None
