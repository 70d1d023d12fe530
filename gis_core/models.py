"""Khánh Hòa's administrative geography: the province and its communes, wards and special zone."""

import datetime

from django.contrib.gis.db import models
from django.contrib.gis.db.models import Union
from django.contrib.gis.db.models.functions import Area
from django.contrib.gis.geos import MultiPolygon, Point
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

# Two-level local government took effect on 1 July 2025 (no districts any more).
TWO_LEVEL_GOVERNMENT = datetime.date(2025, 7, 1)
KHANH_HOA_CODE = "56"
KHANH_HOA_NAME = "Tỉnh Khánh Hòa"


class ProvinceManager(models.Manager["Province"]):
    def khanh_hoa(self) -> "Province":
        """Return Khánh Hòa, creating it (without an outline) when missing, with its official name."""
        province, created = self.get_or_create(code=KHANH_HOA_CODE, defaults={"name": KHANH_HOA_NAME})
        if not created and province.name != KHANH_HOA_NAME:
            province.name = KHANH_HOA_NAME
            province.save(update_fields=["name"])
        return province


class Province(models.Model):
    """A province (Khánh Hòa is code 56)."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    geom = models.MultiPolygonField(_("geometry"), srid=4326, null=True, blank=True)

    objects = ProvinceManager()

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name

    def refresh_outline(self) -> bool:
        """Set the outline to the union of the province's units when it differs; return whether it changed."""
        outline = self.units.aggregate(outline=Union("geom"))["outline"]
        if outline is not None and not isinstance(outline, MultiPolygon):
            outline = MultiPolygon(outline, srid=4326)
        unchanged = (
            outline.equals_exact(self.geom, 0)
            if outline is not None and self.geom is not None
            else outline is self.geom
        )
        if unchanged:
            return False
        self.geom = outline
        self.save(update_fields=["geom"])
        return True


class AdminUnitQuerySet(models.QuerySet["AdminUnit"]):
    def containing(self, point: Point) -> "AdminUnitQuerySet":
        """Units whose polygon covers the point (boundary points belong to both neighbours)."""
        return self.filter(geom__covers=point)

    def update_areas(self) -> int:
        """Set area_km2 from the geodesic area PostGIS computes for each unit's polygon."""
        geography = Cast("geom", models.GeometryField(geography=True, srid=4326))
        return self.update(area_km2=Area(geography) / 1_000_000)


# Kind -> (the Vietnamese word a unit's name starts with, the English word that follows the name in English).
UNIT_NAME_PARTS: dict[str, tuple[str, str]] = {
    "xa": ("Xã", "Commune"),
    "phuong": ("Phường", "Ward"),
    "dac_khu": ("Đặc khu", "Special Zone"),
}


def english_unit_name(name: str, kind: str) -> str:
    """Name a unit in English ("Xã Cam Lâm", commune -> "Cam Lâm Commune"); "" when the name has no kind word."""
    prefix, english_kind = UNIT_NAME_PARTS.get(kind, ("", ""))
    if not prefix or not name.startswith(prefix + " "):
        return ""
    return f"{name.removeprefix(prefix + ' ')} {english_kind}"


class AdminUnit(models.Model):
    """A commune (xã), ward (phường) or special zone (đặc khu) of the province."""

    class Kind(models.TextChoices):
        COMMUNE = "xa", _("Commune")
        WARD = "phuong", _("Ward")
        SPECIAL_ZONE = "dac_khu", _("Special zone")

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="units", verbose_name=_("province"))
    code = models.CharField(_("code"), max_length=5, unique=True, help_text=_("Official 5-digit unit code."))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    geom = models.MultiPolygonField(_("geometry"), srid=4326)
    area_km2 = models.FloatField(_("area (km²)"), default=0)
    valid_from = models.DateField(_("valid from"), default=TWO_LEVEL_GOVERNMENT)
    geometry_source = models.CharField(
        _("geometry source"),
        max_length=200,
        blank=True,
        help_text=_("Where the boundary comes from; demo boundaries say they are synthetic."),
    )

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def name_en(self) -> str:
        """The English name: the proper name followed by the kind ("Phường Nha Trang" -> "Nha Trang Ward")."""
        return english_unit_name(self.name, self.kind)

    def neighbours(self) -> AdminUnitQuerySet:
        """Units sharing a boundary with this one."""
        return AdminUnit.objects.filter(geom__intersects=self.geom).exclude(pk=self.pk)
