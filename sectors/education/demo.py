"""Demo data of the education sector, all synthetic (it says so): schools in every commune, the two hazard layers
the spatial rules read (flood zones "vung-ngap", landslide zones "vung-sat-lo": made-up polygons over some demo
schools), and the two rules "schools in flood / landslide zones" of the existing spatial_intersection type.

The hazard layers are imported through the catalogue's importer, which runs every rule reading them: the schools'
rules here and the residential rules of alerts/demo.py. A second run changes nothing.
"""

import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any, TextIO

from django.contrib.gis.geos import Point
from django.utils import timezone

from agencies.models import Sector
from alerts.api import AlertRule
from gis_core.models import AdminUnit
from layers.importing import ImportOptions, import_layer
from layers.models import Layer
from sectors.education import layer
from sectors.education.models import Closure, School
from services.models import ServicePage

SYNTHETIC = "dữ liệu demo tổng hợp, không phải số liệu thật"
LEVELS = [  # level, name prefix, pupils range, pupils per teacher, pupils per classroom
    (School.Level.PRESCHOOL, "Trường Mầm non", (120, 400), 14, 25),
    (School.Level.PRIMARY, "Trường Tiểu học", (300, 1200), 22, 33),
    (School.Level.LOWER_SECONDARY, "Trường THCS", (350, 1300), 19, 40),
    (School.Level.UPPER_SECONDARY, "Trường THPT", (600, 1600), 18, 42),
    (School.Level.VOCATIONAL, "Trường Trung cấp nghề", (200, 900), 20, 30),
]
HAZARD_HALF_SIZE = 0.004  # degrees: squares of about 900 m around the chosen schools
FLOOD_SCHOOLS = 5  # schools the synthetic flood zones cover
LANDSLIDE_SCHOOLS = 2
CLOSED_SCHOOLS = 2
CLOSURE_REASON = "Ngập sâu quanh trường (tình huống demo)"
RULES: list[dict[str, Any]] = [
    {
        "key": "truong-hoc-vung-ngap", "name": "Trường học trong vùng ngập", "rule_type": "spatial_intersection",
        "category": "flood", "severity": "severe", "sector": "education",
        "params": {"hazard": {"source": "layer", "layer": "vung-ngap"}, "exposure": {"source": "schools"},
                   "feature_label": "trường học"},
    },
    {
        "key": "truong-hoc-vung-sat-lo", "name": "Trường học trong vùng sạt lở", "rule_type": "spatial_intersection",
        "category": "disaster", "severity": "severe", "sector": "education",
        "params": {"hazard": {"source": "layer", "layer": "vung-sat-lo"}, "exposure": {"source": "schools"},
                   "feature_label": "trường học"},
    },
]  # fmt: skip
HAZARDS = [  # slug, Vietnamese title, English title, schools covered (every n-th school from offset), hazard level
    ("vung-ngap", "Vùng ngập (demo)", "Flood zones (demo)", FLOOD_SCHOOLS, 0, "cao"),
    ("vung-sat-lo", "Vùng nguy cơ sạt lở (demo)", "Landslide risk zones (demo)", LANDSLIDE_SCHOOLS, 7, "rất cao"),
]


def _number(text: str, low: int, high: int) -> int:
    return low + int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % (high - low + 1)


def _schools(units: list[AdminUnit]) -> int:
    if School.objects.exists():
        return 0
    rows = []
    for index, unit in enumerate(units):
        centre = unit.geom.point_on_surface
        count = 2 + index % 3
        for number in range(count):
            level, prefix, (low, high), per_teacher, per_room = LEVELS[(index + number) % len(LEVELS)]
            if level == School.Level.VOCATIONAL and index % 4:
                level, prefix, (low, high), per_teacher, per_room = LEVELS[1]
            code = f"{unit.code}-{number + 1}"
            pupils = _number(code, low, high)
            point = Point(centre.x + (number - count / 2) * 0.003, centre.y + (number % 2) * 0.002, srid=4326)
            rows.append(School(
                code=code, name=f"{prefix} {unit.name} số {number + 1} (demo)", level=level,
                ownership=School.Ownership.PRIVATE if _number(code + "p", 0, 9) == 0 else School.Ownership.PUBLIC,
                unit=unit, enrolment=pupils, teachers=max(1, pupils // (per_teacher + _number(code + "t", -3, 4))),
                classrooms=max(1, pupils // per_room), geom=point if unit.geom.contains(point) else centre,
            ))  # fmt: skip
    School.objects.bulk_create(rows)
    return len(rows)


def _rules() -> int:
    sector = Sector.objects.filter(code="education").first()
    created = 0
    for definition in RULES:
        values = {**definition, "sector": sector}
        _rule, new = AlertRule.objects.get_or_create(key=values.pop("key"), defaults=values)
        created += new
    return created


def _hazard_geojson(count: int, offset: int, level: str) -> dict[str, Any]:
    schools = list(School.objects.order_by("code"))
    step = max(1, len(schools) // max(count, 1))
    chosen = schools[offset::step][:count]
    features = []
    for index, school in enumerate(chosen, start=1):
        x, y, half = school.geom.x, school.geom.y, HAZARD_HALF_SIZE
        ring = [
            [x - half, y - half],
            [x + half, y - half],
            [x + half, y + half],
            [x - half, y + half],
            [x - half, y - half],
        ]
        features.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                         "properties": {"zone": f"Vùng {index}", "level": level, "note": SYNTHETIC}})  # fmt: skip
    return {"type": "FeatureCollection", "features": features}


def _hazard_layers(stdout: TextIO) -> list[str]:
    loaded = []
    for slug, title, title_en, count, offset, level in HAZARDS:
        if Layer.objects.filter(slug=slug).exists():
            continue  # imported before (or a real one): kept
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{slug}.geojson"
            path.write_text(json.dumps(_hazard_geojson(count, offset, level), ensure_ascii=False), encoding="utf-8")
            metadata = {"title": title, "title_en": title_en, "access": Layer.Access.INTERNAL,
                        "published_ogc": True, "published_tiles": True,
                        "description": f"Vùng thiên tai giả định cho bản demo ({SYNTHETIC})."}  # fmt: skip
            import_layer(path, slug, ImportOptions(metadata=metadata))
        loaded.append(slug)
    return loaded


def _close_flooded() -> None:
    """Mark the first flooded schools closed, as staff would during the (synthetic) flood."""
    flooded = _hazard_geojson(FLOOD_SCHOOLS, 0, "")["features"][:CLOSED_SCHOOLS]
    for feature in flooded:
        ring = feature["geometry"]["coordinates"][0]
        centre = Point((ring[0][0] + ring[2][0]) / 2, (ring[0][1] + ring[2][1]) / 2, srid=4326)
        school = School.objects.filter(geom__dwithin=(centre, 0.0001)).first()
        if school is None or school.closed:
            continue
        school.closed, school.closed_since, school.closure_reason = True, timezone.now(), CLOSURE_REASON
        school.save(update_fields=["closed", "closed_since", "closure_reason"])
        Closure.objects.create(school=school, action=Closure.Action.CLOSED, reason=CLOSURE_REASON)


def load(stdout: TextIO) -> None:
    """Load the synthetic schools, the rules and the hazard layers once (the import runs the rules)."""
    units = list(AdminUnit.objects.order_by("code"))
    if not units:
        stdout.write("education: no administrative unit; load gis_core first.\n")
        return
    schools = _schools(units)
    school_layer = layer.register(stdout)
    page = ServicePage.objects.filter(sector__code="education").first()
    if page is not None:
        page.layers.add(school_layer)
    rules = _rules()
    hazards = _hazard_layers(stdout)
    if "vung-ngap" in hazards:
        _close_flooded()
    stdout.write(f"education: {schools} schools, {rules} rules created (synthetic); hazard layers imported: "
                 f"{', '.join(hazards) or 'none'}.\n")  # fmt: skip
