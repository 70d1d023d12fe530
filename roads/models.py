"""The road network: nodes and directed-cost edges in the shape pgRouting reads (id, source, target, cost,
reverse_cost), with the attributes an import carries (name, class, one-way, speed)."""

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class RoadClass(models.TextChoices):
    """The class of a road, from the fastest to the slowest."""

    NATIONAL = "national", _("National highway")
    PROVINCIAL = "provincial", _("Provincial road")
    DISTRICT = "district", _("District road")
    URBAN = "urban", _("Urban street")
    LOCAL = "local", _("Local road")


class RoadNode(models.Model):
    """A junction or end of the network: where edges meet after snapping."""

    geom = models.PointField(_("position"), srid=4326)

    class Meta:
        verbose_name = _("road node")
        verbose_name_plural = _("road nodes")


class RoadEdge(models.Model):
    """One routable road segment between two nodes; costs are travel seconds, -1 where one may not drive."""

    source = models.ForeignKey(RoadNode, on_delete=models.CASCADE, related_name="+", verbose_name=_("from node"))
    target = models.ForeignKey(RoadNode, on_delete=models.CASCADE, related_name="+", verbose_name=_("to node"))
    geom = models.LineStringField(_("geometry"), srid=4326)
    name = models.CharField(_("name"), max_length=200, blank=True)
    road_class = models.CharField(_("road class"), max_length=20, choices=RoadClass.choices, default=RoadClass.LOCAL)
    oneway = models.BooleanField(_("one-way"), default=False, help_text=_("Drivable only from its first point."))
    speed_kmh = models.FloatField(_("free-flow speed (km/h)"))
    length_m = models.FloatField(_("length (m)"))
    cost_s = models.FloatField(_("travel time forward (s)"))
    reverse_cost_s = models.FloatField(_("travel time backward (s)"), help_text=_("-1 on one-way roads."))
    unit = models.ForeignKey(
        "gis_core.AdminUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("unit"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("road segment")
        verbose_name_plural = _("road segments")
        indexes = [models.Index(fields=["source"]), models.Index(fields=["target"])]

    def __str__(self) -> str:
        return self.name or f"#{self.pk}"


class RoadNetwork(models.Model):
    """The one network's version and the report of its last import; isochrones are cached per version."""

    version = models.PositiveIntegerField(_("version"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)
    synthetic = models.BooleanField(_("synthetic"), default=False)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    report = models.JSONField(_("import report"), default=dict, blank=True)

    class Meta:
        verbose_name = _("road network")
        verbose_name_plural = _("road network")

    def __str__(self) -> str:
        return f"{self.source or '-'} v{self.version}"

    @classmethod
    def current(cls) -> "RoadNetwork":
        """Return the network's row, created at version 0 when missing."""
        network, _created = cls.objects.get_or_create(pk=1)
        return network


class Isochrone(models.Model):
    """A cached drive-time area: origin rounded to 0.001°, minutes and the network version it was computed on."""

    lon_key = models.IntegerField()
    lat_key = models.IntegerField()
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    version = models.PositiveIntegerField(_("network version"))
    node = models.BigIntegerField(_("start node"))
    geom = models.GeometryField(_("area"), srid=4326)
    computed_ms = models.FloatField(_("computing time (ms)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("drive-time area")
        verbose_name_plural = _("drive-time areas")
        constraints = [
            models.UniqueConstraint(fields=["lon_key", "lat_key", "minutes", "version"], name="roads_isochrone_key")
        ]
