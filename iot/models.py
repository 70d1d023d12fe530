"""IoT devices (sensors, cameras, street-light controllers), their readings and what the platform does with them.

Readings live in a table partitioned by month (migration 0002, iot.partitions); Reading is an unmanaged model
over it. Everything else is an ordinary table: the latest value per device and quantity (for the map), refused
payloads counted per device and day, the hysteresis state of each rule on each device, the hourly VN_AQI of air
stations, camera events and the commands sent to street-light controllers with their acknowledgements; the
daily VN_AQI, the VN_WQI of each water sample and the daily consumption of meters.
"""

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Quantity(models.Model):
    """A measured quantity with its unit and the physically possible range (data, edited by the operator)."""

    code = models.SlugField(_("code"), max_length=40, unique=True, help_text=_("As devices send it, e.g. pm25."))
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True, help_text=_("e.g. µg/m³, m, mm, °C."))
    min_value = models.FloatField(_("lowest possible value"))
    max_value = models.FloatField(_("highest possible value"))

    class Meta:
        verbose_name = _("measured quantity")
        verbose_name_plural = _("measured quantities")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(min_value__lt=models.F("max_value")), name="quantity_range")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name


class DeviceQuerySet(models.QuerySet["Device"]):
    def by_token(self, raw: str) -> "Device | None":
        """Return the device whose token matches the raw secret, or None."""
        if not raw:
            return None
        return self.filter(token_hash=Device.hash_token(raw)).select_related("agency").first()

    def silent(self, now: datetime.datetime) -> "DeviceQuerySet":
        """Active devices past their silence deadline at `now` (the one rule of a data-feed interruption)."""
        return self.filter(LessThan(_silence_deadline(), now), status=Device.Status.ACTIVE)

    def heard_within_deadline(self, now: datetime.datetime) -> "DeviceQuerySet":
        """Active devices still within their silence deadline at `now`."""
        return self.filter(GreaterThanOrEqual(_silence_deadline(), now), status=Device.Status.ACTIVE)


def _silence_deadline() -> models.ExpressionWrapper:
    """Last heard (or registered) + IOT_SILENCE_FACTOR intervals, as a database expression."""
    allowed = models.ExpressionWrapper(
        models.F("interval_seconds") * models.Value(datetime.timedelta(seconds=settings.IOT_SILENCE_FACTOR)),
        output_field=models.DurationField(),
    )
    return models.ExpressionWrapper(
        Coalesce("last_seen_at", "created_at") + allowed, output_field=models.DateTimeField()
    )


class Device(models.Model):
    """A sensor, camera or controller in the field, owned by an agency."""

    class Kind(models.TextChoices):
        AIR_QUALITY = "air_quality", _("Air-quality station")
        WATER_QUALITY = "water_quality", _("Water-quality station")
        WATER_LEVEL = "water_level", _("Water-level station")
        RAIN_GAUGE = "rain_gauge", _("Rain gauge")
        WEATHER = "weather_station", _("Weather station")
        CAMERA = "camera", _("Camera")
        STREET_LIGHT = "street_light", _("Street-light controller")
        WATER_METER = "water_meter", _("Water-supply meter")
        POWER_METER = "power_meter", _("Power meter")
        OTHER = "other", _("Other device")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        MAINTENANCE = "maintenance", _("Under maintenance")
        RETIRED = "retired", _("Retired")

    code = models.SlugField(
        _("device identifier"), max_length=64, unique=True,
        help_text=_("Used in MQTT topics: ioc/sensors/<identifier>/readings."),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="devices", verbose_name=_("owner agency")
    )
    position = models.PointField(_("position"), srid=4326)
    unit = models.ForeignKey(
        "gis_core.AdminUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("administrative unit"), editable=False,
    )  # fmt: skip
    quantities = models.ManyToManyField(
        Quantity, through="DeviceQuantity", blank=True, related_name="devices", verbose_name=_("quantities reported")
    )
    interval_seconds = models.PositiveIntegerField(
        _("expected reporting interval (seconds)"), default=300,
        help_text=_("A device silent for three times this interval raises a data-feed alert."),
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    token_prefix = models.CharField(_("token prefix"), max_length=8, blank=True, editable=False)
    # Water-level stations: the alarm levels I, II and III, in the unit of the water_level quantity.
    alarm_level_1 = models.FloatField(_("alarm level I"), null=True, blank=True)
    alarm_level_2 = models.FloatField(_("alarm level II"), null=True, blank=True)
    alarm_level_3 = models.FloatField(_("alarm level III"), null=True, blank=True)
    # Cameras.
    stream_url = models.URLField(_("stream URL"), max_length=500, blank=True)
    snapshot_url = models.URLField(_("snapshot URL"), max_length=500, blank=True)
    # What ingestion and the periodic check maintain.
    last_seen_at = models.DateTimeField(_("last data received at"), null=True, blank=True, editable=False)
    rejected_count = models.BigIntegerField(_("payloads refused"), default=0, editable=False)
    feed_alert = models.ForeignKey(
        "alerts.Alert", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("open data-feed alert"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("registered at"), default=timezone.now, editable=False)

    objects = DeviceQuerySet.as_manager()

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(interval_seconds__gt=0), name="device_interval_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    def clean(self) -> None:
        levels = [level for level in self.alarm_levels() if level is not None]
        if levels != sorted(set(levels)):
            raise ValidationError(_("Alarm levels I, II and III must rise: I < II < III."))

    def save(self, *args: Any, **kwargs: Any) -> None:
        from gis_core.models import AdminUnit

        # The unit is derived from the position (routing, silence alerts); kept in step on every save.
        self.unit = AdminUnit.objects.containing(self.position).order_by("code").first() if self.position else None
        if kwargs.get("update_fields") is not None and "position" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "unit"}
        super().save(*args, **kwargs)

    def alarm_levels(self) -> tuple[float | None, float | None, float | None]:
        return self.alarm_level_1, self.alarm_level_2, self.alarm_level_3

    @staticmethod
    def hash_token(raw: str) -> str:
        """Hash a raw device secret; secrets are random, so a plain SHA-256 suffices (as for accounts.ApiToken)."""
        return hashlib.sha256(raw.encode()).hexdigest()

    def issue_token(self) -> str:
        """Give the device a new secret (the old one stops working) and return it; only its hash is stored."""
        raw = secrets.token_urlsafe(32)
        self.token_hash, self.token_prefix = self.hash_token(raw), raw[:8]
        self.save(update_fields=["token_hash", "token_prefix"])
        return raw

    def revoke_token(self) -> None:
        self.token_hash, self.token_prefix = None, ""
        self.save(update_fields=["token_hash", "token_prefix"])

    def silent_since(self) -> datetime.datetime:
        """When the device last sent data (or was registered, if it never did)."""
        return self.last_seen_at or self.created_at


class DeviceQuantity(models.Model):
    """A quantity a device reports, optionally with narrower bounds than the quantity's physical range."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="device_quantities")
    quantity = models.ForeignKey(Quantity, on_delete=models.PROTECT, related_name="+", verbose_name=_("quantity"))
    min_value = models.FloatField(_("lowest accepted value"), null=True, blank=True)
    max_value = models.FloatField(_("highest accepted value"), null=True, blank=True)

    class Meta:
        verbose_name = _("quantity of a device")
        verbose_name_plural = _("quantities of a device")
        constraints = [models.UniqueConstraint(fields=["device", "quantity"], name="device_quantity_once")]

    def __str__(self) -> str:
        return f"{self.device_id}:{self.quantity_id}"

    def bounds(self) -> tuple[float, float]:
        low = self.quantity.min_value if self.min_value is None else max(self.min_value, self.quantity.min_value)
        high = self.quantity.max_value if self.max_value is None else min(self.max_value, self.quantity.max_value)
        return low, high


class Reading(models.Model):
    """One measured value; the table is partitioned by month and created by migration 0002 (not by Django)."""

    pk = models.CompositePrimaryKey("device", "quantity", "at")
    device = models.ForeignKey(Device, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False)
    quantity = models.CharField(max_length=40)
    at = models.DateTimeField()
    value = models.FloatField()
    received_at = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "iot_reading"
        verbose_name = _("reading")
        verbose_name_plural = _("readings")

    def __str__(self) -> str:
        return f"{self.device_id} {self.quantity}={self.value} @ {self.at.isoformat()}"


class LatestValue(models.Model):
    """The newest reading of each quantity of each device, kept by ingestion for the map."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="latest_values")
    quantity = models.CharField(max_length=40)
    at = models.DateTimeField()
    value = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["device", "quantity"], name="latest_value_once")]

    def __str__(self) -> str:
        return f"{self.device_id} {self.quantity}={self.value}"


class Reject(models.Model):
    """Refused payloads, counted per device reference, channel, reason and day; never stored as data."""

    class Reason(models.TextChoices):
        UNKNOWN_DEVICE = "unknown_device", _("Unknown device")
        BAD_TOKEN = "bad_token", _("Wrong or missing device token")
        DEVICE_RETIRED = "device_retired", _("Device retired")
        MALFORMED = "malformed", _("Malformed payload")
        TOO_LARGE = "too_large", _("Payload too large")
        UNKNOWN_QUANTITY = "unknown_quantity", _("Quantity not registered for the device")
        WRONG_TYPE = "wrong_type", _("Value of the wrong type")
        OUT_OF_BOUNDS = "out_of_bounds", _("Value outside physical bounds")
        FUTURE = "future_timestamp", _("Timestamp in the future")
        TOO_OLD = "too_old", _("Timestamp older than the retention period")
        UNPROCESSABLE = "unprocessable", _("Could not be stored")

    class Channel(models.TextChoices):
        MQTT = "mqtt", "MQTT"
        HTTP = "http", "HTTP"

    device = models.ForeignKey(Device, on_delete=models.CASCADE, null=True, blank=True, related_name="rejects")
    device_ref = models.CharField(_("device as sent"), max_length=100)
    channel = models.CharField(_("channel"), max_length=4, choices=Channel.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("count"), default=0)
    last_message = models.TextField(_("last message"), blank=True)
    last_sample = models.TextField(_("start of the last payload"), blank=True)
    last_at = models.DateTimeField(_("last refused at"))

    class Meta:
        verbose_name = _("refused payloads")
        verbose_name_plural = _("refused payloads")
        ordering = ["-day", "device_ref"]
        constraints = [
            models.UniqueConstraint(fields=["device_ref", "channel", "reason", "day"], name="reject_count_once")
        ]

    def __str__(self) -> str:
        return f"{self.device_ref} {self.reason} x {self.count} ({self.day})"


class RuleState(models.Model):
    """Where an alert rule stands on one device (0 = clear, 1..3 = level); changes only past the hysteresis band."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="+")
    rule = models.ForeignKey("alerts.AlertRule", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(default=0)
    at = models.DateTimeField(null=True, blank=True, help_text=_("Time of the last reading evaluated."))
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["device", "rule"], name="rule_state_once")]

    def __str__(self) -> str:
        return f"{self.rule_id}@{self.device_id}: {self.level}"


class AqiHourly(models.Model):
    """The hourly VN_AQI of an air station (Decision 1459/QĐ-TCMT) for the hour ending at hour_end."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="aqi_hours")
    hour_end = models.DateTimeField(_("hour ending at"))
    aqi = models.PositiveSmallIntegerField("VN_AQI")
    dominant = models.CharField(_("dominant quantity"), max_length=40)
    sub_indices = models.JSONField(_("AQI of each quantity"), default=dict, encoder=DjangoJSONEncoder)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("hourly VN_AQI")
        verbose_name_plural = _("hourly VN_AQI")
        ordering = ["-hour_end"]
        constraints = [models.UniqueConstraint(fields=["device", "hour_end"], name="aqi_hour_once")]

    def __str__(self) -> str:
        return f"{self.device_id} {self.hour_end.isoformat()}: {self.aqi}"


class CameraEvent(models.Model):
    """A detection posted by a camera or its analytics system, with a snapshot; it becomes (or updates) an alert."""

    class Kind(models.TextChoices):
        FIRE = "fire", _("Fire")
        SMOKE = "smoke", _("Smoke")
        FLOOD = "flood", _("Flooding")
        LANDSLIDE = "landslide", _("Landslide")
        ACCIDENT = "accident", _("Traffic accident")
        CROWD = "crowd", _("Crowd gathering")
        INTRUSION = "intrusion", _("Intrusion")
        TRAFFIC_JAM = "traffic_jam", _("Traffic jam")
        ILLEGAL_DUMPING = "illegal_dumping", _("Illegal dumping")
        OTHER = "other", _("Other event")

    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="camera_events")
    event_id = models.CharField(_("event identifier in the sending system"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("detected at"))
    confidence = models.FloatField(_("confidence"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    snapshot = models.FileField(_("snapshot"), upload_to="iot/snapshots/%Y/%m/", blank=True)
    alert = models.ForeignKey(
        "alerts.Alert", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("alert")
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)

    class Meta:
        verbose_name = _("camera event")
        verbose_name_plural = _("camera events")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.device_id} {self.kind} {self.event_id}"


class LightSchedule(models.Model):
    """When a street-light controller switches its lamps on and off; sent to the device as a command."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="light_schedules")
    on_time = models.TimeField(_("switch on at"))
    off_time = models.TimeField(_("switch off at"))
    weekdays = models.JSONField(
        _("weekdays"), default=list, blank=True, help_text=_("0 = Monday … 6 = Sunday; empty means every day.")
    )
    brightness = models.PositiveSmallIntegerField(_("brightness (%)"), default=100)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("street-light schedule")
        verbose_name_plural = _("street-light schedules")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(brightness__gte=1, brightness__lte=100), name="schedule_brightness_percent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.device_id} {self.on_time:%H:%M}-{self.off_time:%H:%M}"

    def as_payload(self) -> dict[str, Any]:
        return {
            "on": self.on_time.strftime("%H:%M"),
            "off": self.off_time.strftime("%H:%M"),
            "weekdays": self.weekdays or list(range(7)),
            "brightness": self.brightness,
        }


class LightCommand(models.Model):
    """A command sent to a street-light controller over MQTT: who sent it, when, and what the device answered."""

    class Action(models.TextChoices):
        ON = "on", _("Switch on")
        OFF = "off", _("Switch off")
        SCHEDULE = "schedule", _("Apply schedule")

    class Status(models.TextChoices):
        PENDING = "pending", _("Being sent")
        SENT = "sent", _("Sent, awaiting the device")
        ACKNOWLEDGED = "acknowledged", _("Carried out by the device")
        REFUSED = "refused", _("Refused by the device")
        FAILED = "failed", _("Could not be sent")
        UNANSWERED = "unanswered", _("No answer from the device")

    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="light_commands")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    schedule = models.ForeignKey(
        LightSchedule, on_delete=models.PROTECT, null=True, blank=True, related_name="commands",
        verbose_name=_("schedule"),
    )  # fmt: skip
    payload = models.JSONField(_("payload sent"), default=dict, encoder=DjangoJSONEncoder)
    sent_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(_("error"), blank=True)
    acked_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    ack = models.JSONField(_("device's answer"), null=True, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("street-light command")
        verbose_name_plural = _("street-light commands")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.device_id} {self.action} ({self.status})"


class AqiDaily(models.Model):
    """The daily VN_AQI of an air station (Decision 1459/QĐ-TCMT, 2.2.2) for a local calendar day."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="aqi_days")
    day = models.DateField(_("day"))
    aqi = models.PositiveSmallIntegerField("VN_AQI")
    dominant = models.CharField(_("dominant quantity"), max_length=40)
    sub_indices = models.JSONField(_("AQI of each quantity"), default=dict, encoder=DjangoJSONEncoder)
    hours = models.PositiveSmallIntegerField(_("hours with data"), default=0)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("daily VN_AQI")
        verbose_name_plural = _("daily VN_AQI")
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["device", "day"], name="aqi_day_once")]

    def __str__(self) -> str:
        return f"{self.device_id} {self.day.isoformat()}: {self.aqi}"


class WqiSample(models.Model):
    """The VN_WQI of one water sample (Decision 1460/QĐ-TCMT): the values, each parameter's index, the result."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="wqi_samples")
    at = models.DateTimeField(_("sampled at"))
    wqi = models.PositiveSmallIntegerField("VN_WQI")
    values = models.JSONField(_("measured values"), default=dict, encoder=DjangoJSONEncoder)
    sub_indices = models.JSONField(_("WQI of each parameter"), default=dict, encoder=DjangoJSONEncoder)
    groups = models.JSONField(_("WQI of each group of parameters"), default=dict, encoder=DjangoJSONEncoder)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("water sample VN_WQI")
        verbose_name_plural = _("water sample VN_WQI")
        ordering = ["-at"]
        constraints = [models.UniqueConstraint(fields=["device", "at"], name="wqi_sample_once")]

    def __str__(self) -> str:
        return f"{self.device_id} {self.at.isoformat()}: {self.wqi}"


class MeterDaily(models.Model):
    """A meter's consumption over a local calendar day and its mean flow in the night window (leak rule)."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="meter_days")
    day = models.DateField(_("day"))
    quantity = models.CharField(_("meter quantity"), max_length=40)
    consumption = models.FloatField(_("consumption"))
    night_flow = models.FloatField(_("mean night flow (m³/h)"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("daily meter consumption")
        verbose_name_plural = _("daily meter consumption")
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["device", "day"], name="meter_day_once")]

    def __str__(self) -> str:
        return f"{self.device_id} {self.day.isoformat()}: {self.consumption} {self.quantity}"
