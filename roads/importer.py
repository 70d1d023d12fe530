"""The road network as an import target of the shared vector importer ("roads"): any line layer to a routable network.

The importer reads, reprojects and checks every feature; this target reads class, name, one-way and speed from
the mapped columns (Vietnamese, OSM and plain English values), splits multi-lines into parts and hands the lines
to roads.topology.rebuild inside the import's transaction, so a refused file or a failed build writes nothing.
Lines of OSM classes nobody drives on (footways, paths, steps) are left out and counted.
"""

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pyogrio
import shapely
from django.utils.translation import gettext as _

from core import numbers
from gis_core import importer
from gis_core.importer import GeometryKind, ImportTarget, Row, RowInvalid, Source, WriteCounts
from roads import topology
from roads.models import RoadClass

# Values seen in class columns (folded to lower case) -> our class; OSM highway values included.
CLASS_WORDS: dict[str, str] = {
    **{word: RoadClass.NATIONAL for word in (
        "national", "ql", "quoc lo", "quốc lộ", "motorway", "motorway_link", "trunk", "trunk_link", "expressway",
        "cao toc", "cao tốc")},
    **{word: RoadClass.PROVINCIAL for word in (
        "provincial", "dt", "đt", "tinh lo", "tỉnh lộ", "đường tỉnh", "duong tinh", "primary", "primary_link")},
    **{word: RoadClass.DISTRICT for word in (
        "district", "dh", "đh", "huyen lo", "huyện lộ", "đường huyện", "secondary", "secondary_link", "tertiary",
        "tertiary_link")},
    **{word: RoadClass.URBAN for word in (
        "urban", "do thi", "đô thị", "đường đô thị", "street", "residential", "living_street", "service")},
    **{word: RoadClass.LOCAL for word in (
        "local", "xa", "xã", "đường xã", "duong xa", "unclassified", "road", "track")},
}  # fmt: skip
NOT_DRIVEN = frozenset({"footway", "path", "steps", "cycleway", "pedestrian", "bridleway", "corridor", "platform",
                        "proposed", "construction", "elevator", "via_ferrata"})  # fmt: skip
FORWARD = frozenset({"yes", "true", "1", "y", "t", "ft", "forward", "có", "co", "một chiều", "mot chieu"})
BACKWARD = frozenset({"-1", "tf", "reverse", "backward"})
TWO_WAY = frozenset({"", "no", "false", "0", "n", "f", "không", "khong", "hai chiều", "hai chieu", "b", "both"})
MAX_SPEED_KMH = 150.0
# Column names tried, in order, for each field when the command is not told which column to use.
COLUMN_GUESSES: dict[str, tuple[str, ...]] = {
    "name": ("name", "ten", "ten_duong", "road_name"),
    "road_class": ("road_class", "class", "highway", "fclass", "loai", "loai_duong", "cap", "cap_duong"),
    "oneway": ("oneway", "one_way", "mot_chieu"),
    "speed_kmh": ("speed_kmh", "speed", "maxspeed", "toc_do", "van_toc"),
    "tags": ("other_tags",),  # GDAL's OSM driver: the tags without a column of their own, as "k"=>"v" pairs
}
OSM_TAG = re.compile(r'"((?:[^"\\]|\\.)*)"=>"((?:[^"\\]|\\.)*)"')


class RoadsTarget(ImportTarget):
    """A line layer that becomes the whole road network (replaced at each import)."""

    name = "roads"

    def __init__(self, field_map: Mapping[str, str | None], **options: Any) -> None:
        super().__init__(field_map, **options)
        self.tolerance_m: float = float(options.get("tolerance_m", topology.DEFAULT_TOLERANCE_M))
        self.osm = bool(options.get("osm", False))  # lines without a highway tag are rivers, railways…: left out
        self.skipped = 0
        self.report: topology.TopologyReport | None = None

    def required_fields(self) -> list[str]:
        return []

    def geometry_kind(self) -> GeometryKind:
        return GeometryKind.LINE

    def validate_row(self, row: Row, source: Source) -> dict[str, Any]:
        if self.osm and not _text(row.values.get("road_class")):
            return {"skip": True}
        road_class = road_class_of(row.values.get("road_class"))
        if road_class is None:
            return {"skip": True}
        tags = osm_tags(row.values.get("tags"))
        oneway, reverse = oneway_of(row.values["oneway"] if "oneway" in self.field_map else tags.get("oneway"))
        if "speed_kmh" in self.field_map:
            speed = speed_of(row.values["speed_kmh"])
        else:
            try:
                speed = speed_of(tags.get("maxspeed"))
            except RowInvalid:
                speed = None  # OSM's "50 mph", "signals", "walk": the class's speed instead
        name = row.values.get("name")
        name = "" if name is None or (isinstance(name, float) and name != name) else str(name).strip()
        parts = [part for part in getattr(row.geom, "geoms", [row.geom]) if not part.is_empty]
        if reverse:
            parts = [shapely.reverse(part) for part in parts]
        wkts = [shapely.to_wkt(part, rounding_precision=-1) for part in parts]
        return {"skip": False, "class": road_class, "oneway": oneway, "speed": speed, "name": name, "wkts": wkts}

    def write(self, rows: Sequence[Row], source: Source) -> WriteCounts:
        lines = [
            topology.LineInput(wkt, row.clean["name"], row.clean["class"], row.clean["oneway"], row.clean["speed"])
            for row in rows
            if not row.clean["skip"]
            for wkt in row.clean["wkts"]
        ]
        self.skipped = sum(1 for row in rows if row.clean["skip"])
        self.report = topology.rebuild(lines, source=source.name, tolerance_m=self.tolerance_m)
        return WriteCounts(created=self.report.edges)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip().lower()


def osm_tags(value: Any) -> dict[str, str]:
    """Return the tags of GDAL's OSM "other_tags" column ('"oneway"=>"yes","maxspeed"=>"50"')."""
    return {key: text for key, text in OSM_TAG.findall(value)} if isinstance(value, str) else {}


def road_class_of(value: Any) -> str | None:
    """Return the class for a column value (local when empty), None for roads nobody drives on; RowInvalid else."""
    word = _text(value)
    if not word:
        return RoadClass.LOCAL
    if word in RoadClass.values:
        return word
    if word in NOT_DRIVEN:
        return None
    if word in CLASS_WORDS:
        return CLASS_WORDS[word]
    raise RowInvalid(
        _("unknown road class %(value)r; use one of: %(allowed)s (or OSM highway values).")
        % {"value": str(value), "allowed": ", ".join(RoadClass.values)}
    )


def oneway_of(value: Any) -> tuple[bool, bool]:
    """Return (one-way, drawn against the traffic) for a column value; RowInvalid when unreadable."""
    if isinstance(value, bool):
        return value, False
    word = _text(value)
    if word in TWO_WAY:
        return False, False
    if word in FORWARD:
        return True, False
    if word in BACKWARD:
        return True, True
    raise RowInvalid(_("one-way value %(value)r not understood; use yes, no or -1 (against the line).") % {
        "value": str(value)})  # fmt: skip


def speed_of(value: Any) -> float | None:
    """Return the speed in km/h (None when empty: the class's default); RowInvalid when not a plausible speed.

    Read by core.numbers: "40,5" and "40.5" are 40.5 km/h; "40,000" is 40 km/h, as 40000 km/h is no speed.
    """
    word = _text(value).removesuffix("km/h").strip()
    if not word:
        return None
    try:
        speed = numbers.parse_number(word, plausible=lambda number: 0 < number <= MAX_SPEED_KMH)
    except numbers.NotANumber as exc:
        raise RowInvalid(_("speed: %(reason)s Give km/h from 1 to %(max)d.") % {
            "reason": exc.message, "max": int(MAX_SPEED_KMH)}) from None  # fmt: skip
    if not 0 < speed <= MAX_SPEED_KMH:
        raise RowInvalid(_("speed %(value)r is not a speed in km/h between 1 and %(max)d.") % {
            "value": str(value), "max": int(MAX_SPEED_KMH)})  # fmt: skip
    return float(speed)


def guess_field_map(path: str | Path, layer: str | None, given: Mapping[str, str | None]) -> dict[str, str | None]:
    """Return the field map: the columns given, else the first known column name found in the layer."""
    try:
        info = pyogrio.read_info(Path(path).expanduser().resolve(), layer=layer)
        columns = {str(name).lower(): str(name) for name in info["fields"]}
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError):
        columns = {}  # the importer reports the unreadable file with its own message
    field_map: dict[str, str | None] = {}
    for name, guesses in COLUMN_GUESSES.items():
        chosen = given.get(name)
        if not chosen:
            chosen = next((columns[guess] for guess in guesses if guess in columns), None)
        field_map[name] = chosen
    return field_map


def import_roads(
    path: str | Path, *, layer: str | None = None, srid: int | None = None,
    columns: Mapping[str, str | None] | None = None, tolerance_m: float = topology.DEFAULT_TOLERANCE_M,
) -> tuple[importer.ImportReport, RoadsTarget]:  # fmt: skip
    """Import a line file as the road network; return the importer's report and the target (with its report)."""
    if layer is None and Path(path).suffix.lower() in {".osm", ".pbf"}:
        layer = "lines"  # GDAL's OSM driver puts ways in "lines", with the highway tag as a column
    field_map = guess_field_map(path, layer, columns or {})
    osm = Path(path).suffix.lower() in {".osm", ".pbf"}
    target = RoadsTarget(field_map, tolerance_m=tolerance_m, osm=osm)
    report = importer.run_import(path, target, layer=layer, srid=srid)
    return report, target
