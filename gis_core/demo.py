"""Demo data of gis_core: Tỉnh Khánh Hòa and its 65 units, with the SYNTHETIC boundaries of the demo GeoJSON."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.contrib.gis.geos import GEOSException, GEOSGeometry, MultiPolygon

from core.errors import ImportFailed
from gis_core.models import KHANH_HOA_NAME, AdminUnit, Province

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_units.geojson"
UNIT_FIELDS = ("name", "kind", "geom", "geometry_source")


@dataclass
class LoadReport:
    """What one run of the loader did, unit code by unit code."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    province_changed: bool = False

    def summary(self) -> str:
        if not (self.created or self.updated or self.province_changed):
            return f"gis_core: {KHANH_HOA_NAME} and its {len(self.unchanged) + len(self.kept)} units unchanged."
        parts = [f"{len(self.created)} created", f"{len(self.updated)} updated", f"{len(self.unchanged)} unchanged"]
        if self.kept:
            parts.append(f"{len(self.kept)} kept with non-demo boundaries")
        province = "updated" if self.province_changed else "unchanged"
        return f"gis_core: units {', '.join(parts)}; province outline {province}."


def load(stdout: TextIO) -> LoadReport:
    """Upsert the province and its 65 demo units; a second run writes nothing and says so."""
    features = read_features(DEMO_FILE)
    province = Province.objects.khanh_hoa()
    report = LoadReport()
    for properties, geom in features:
        outcome = _upsert_unit(province, properties, geom)
        getattr(report, outcome).append(properties["code"])
    touched = report.created + report.updated
    if touched:
        AdminUnit.objects.filter(code__in=touched).update_areas()
    report.province_changed = province.refresh_outline()
    stdout.write(report.summary() + "\n")
    return report


def read_features(path: Path) -> list[tuple[dict[str, Any], MultiPolygon]]:
    """Return (properties, MultiPolygon) for each feature of the demo file, or raise ImportFailed."""
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
        features = [(f["properties"], _multipolygon(f["geometry"])) for f in collection["features"]]
    except (OSError, ValueError, KeyError, TypeError, GEOSException) as exc:
        raise ImportFailed(
            f"{path}: not a valid demo GeoJSON ({exc}); rebuild it with fixtures/build_demo_units.py."
        ) from None
    kinds = set(AdminUnit.Kind.values)
    for properties, _geom in features:
        if not {"code", "name", "kind", "geometry_source"} <= properties.keys() or properties["kind"] not in kinds:
            raise ImportFailed(
                f"{path}: feature {properties!r} lacks code/name/kind/geometry_source or has a bad kind."
            )
    return features


def _multipolygon(geometry: dict[str, Any]) -> MultiPolygon:
    geom = GEOSGeometry(json.dumps(geometry), srid=4326)
    return geom if isinstance(geom, MultiPolygon) else MultiPolygon(geom, srid=4326)


def _upsert_unit(province: Province, properties: dict[str, Any], geom: MultiPolygon) -> str:
    """Create or update one unit by code, writing only changed fields; return the report bucket."""
    wanted = {
        "name": properties["name"],
        "kind": properties["kind"],
        "geom": geom,
        "geometry_source": properties["geometry_source"],
    }
    unit = AdminUnit.objects.filter(code=properties["code"]).first()
    if unit is None:
        AdminUnit.objects.create(province=province, code=properties["code"], **wanted)
        return "created"
    # A boundary someone imported (another geometry_source) is real data; the demo never overwrites it.
    if unit.geometry_source != properties["geometry_source"]:
        return "kept"
    changed = [name for name in UNIT_FIELDS if not _same(getattr(unit, name), wanted[name])]
    if unit.province_id != province.pk:
        unit.province = province
        changed.append("province")
    if not changed:
        return "unchanged"
    for name in changed:
        if name != "province":
            setattr(unit, name, wanted[name])
    unit.save(update_fields=changed)
    return "updated"


def _same(current: object, wanted: object) -> bool:
    if isinstance(current, GEOSGeometry) and isinstance(wanted, GEOSGeometry):
        return current.srid == wanted.srid and current.equals_exact(wanted, 0)
    return current == wanted
