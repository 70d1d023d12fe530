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
