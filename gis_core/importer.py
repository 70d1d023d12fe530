"""The platform's one vector-file importer: read, reproject, repair, check, then write all rows or none.

The file is read in batches (gis_core.reading); a streaming target writes each batch as it comes, inside the one
transaction that a refusal rolls back, so memory stays that of a batch whatever the file's size.
"""

import contextlib
import enum
import gc
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError, ProjError
from shapely.geometry.base import BaseGeometry

from core.errors import ImportFailed
from core.registry import load_class
from gis_core import archives, hints, reading
from gis_core import encoding as text
from gis_core.models import AdminUnit, Province
from gis_core.problems import MAX_REPORTED_ERRORS as MAX_REPORTED_ERRORS
from gis_core.problems import Problem, ProblemList, fail
from gis_core.reading import BYTES_AS_LATIN1 as BYTES_AS_LATIN1
from gis_core.reading import FORMATS as FORMATS
from gis_core.srs import ACCEPTED_SRIDS, VN2000_TM3_108_15, WGS84
from gis_core.targets import IMPORT_TARGETS as IMPORT_TARGETS

STORAGE_SRID = WGS84


# --- What a target accepts --------------------------------------------------------------------------


class GeometryKind(enum.StrEnum):
    """The geometry a target stores; single parts are promoted to the multi type."""

    POLYGON = "polygon"
    LINE = "line"
    POINT = "point"
    ANY = "any"


_KIND_TYPES: dict[GeometryKind, tuple[set[str], type[BaseGeometry] | None]] = {
    GeometryKind.POLYGON: ({"Polygon", "MultiPolygon"}, shapely.MultiPolygon),
    GeometryKind.LINE: ({"LineString", "MultiLineString"}, shapely.MultiLineString),
    GeometryKind.POINT: ({"Point", "MultiPoint"}, shapely.MultiPoint),
    GeometryKind.ANY: (set(), None),
}


class RowInvalid(Exception):
    """One feature's value is unusable; the message says what and how to fix it."""


@dataclass(slots=True)
class Row:
    """One feature after reading: its 1-based number, mapped values and EPSG:4326 geometry."""

    number: int
    values: dict[str, Any]
    geom: BaseGeometry
    clean: dict[str, Any] = field(default_factory=dict)  # what the target's validate_row returned


@dataclass(frozen=True)
class Source:
    """The file being imported, as the target sees it."""

    path: Path
    name: str
    layer: str


@dataclass
class WriteCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class ImportTarget:
    """A kind of import: the fields it needs, its geometry, its row checks and how it writes."""

    name = ""
    reports_writes = False  # True: write() tells progress() of the rows as they go; else all at the end
    # True: each batch's valid rows go to check_rows() and then write_batch() as the file is read, and
    # check_done() and finish() end the import; False: check_rows() and write() get every row at the end.
    streams = False

    def __init__(self, field_map: Mapping[str, str | None], **options: Any) -> None:
        # field_map: the target's field name -> the file's column holding it (None when not given).
        self.field_map = {key: value for key, value in field_map.items() if value}
        self.options = options

    def required_fields(self) -> list[str]:
        """Return the target fields every file must map to a column."""
        raise NotImplementedError

    def geometry_kind(self) -> GeometryKind:
        """Return the geometry this target stores."""
        raise NotImplementedError

    def validate_row(self, row: Row, source: Source) -> dict[str, Any]:
        """Return the row's clean values, or raise RowInvalid."""
        raise NotImplementedError

    def validate_rows(self, rows: Sequence[Row], source: Source) -> tuple[list[Row], list["Problem"]]:
        """Set each row's clean values; return the valid rows and the problems of the others.

        Row by row through validate_row; a target may override this to check whole columns at once.
        """
        valid: list[Row] = []
        problems: list[Problem] = []
        for row in rows:
            try:
                row.clean = self.validate_row(row, source)
            except RowInvalid as exc:
                problems.append(Problem(source.name, str(exc), row.number))
                continue
            valid.append(row)
        return valid, problems

    def start(self) -> None:
        """Forget what an earlier attempt noted: it was rolled back, and the file is read again from its start."""

    def check_rows(self, rows: Sequence[Row], source: Source) -> list["Problem"]:
        """Return problems between rows (duplicates); none by default. A streaming target gets one batch."""
        return []

    def check_done(self, source: Source) -> list["Problem"]:
        """Return the problems only the whole layer shows, once every batch went through check_rows (streaming)."""
        return []

    def write(self, rows: Sequence[Row], source: Source) -> WriteCounts:
        """Write the clean rows; runs inside the import's transaction."""
        raise NotImplementedError

    def write_batch(self, rows: Sequence[Row], source: Source) -> None:
        """Write one batch of clean rows (a streaming target); runs inside the import's transaction."""
        raise NotImplementedError

    def finish(self, source: Source) -> WriteCounts:
        """End the writing of the batches (a streaming target) and return what was written."""
        raise NotImplementedError

    def stop(self) -> None:
        """Wait for writes still in flight (a streaming target); the import ends here, written or refused."""


def get_target(name: str, field_map: Mapping[str, str | None], **options: Any) -> ImportTarget:
    """Return the registered import target called name."""
    if name not in IMPORT_TARGETS:
        raise ImportFailed(
            _("Unknown import kind %(name)r; use one of %(names)s.")
            % {"name": name, "names": ", ".join(sorted(IMPORT_TARGETS))}
        )
    target_class = load_class(IMPORT_TARGETS, name, ImportTarget, "import target")
    return target_class(field_map, **options)


@dataclass
class ImportReport:
    """What one import did."""

    file: str
    layer: str
    target: str
    source_crs: str = ""
    text_encoding: str = ""
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    repaired: int = 0
    reencoded: int = 0

    def summary(self) -> str:
        return _(
            "%(file)s (layer %(layer)s) → %(target)s: %(read)d features read; %(created)d created, "
            "%(updated)d updated, %(unchanged)d unchanged; %(repaired)d invalid geometries repaired; "
            "%(reencoded)d text values re-encoded (%(encoding)s); source CRS %(crs)s."
        ) % {
            "file": self.file,
            "layer": self.layer,
            "target": self.target,
            "read": self.read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "repaired": self.repaired,
            "reencoded": self.reencoded,
            "encoding": self.text_encoding,
            "crs": self.source_crs,
        }


# --- Progress -----------------------------------------------------------------------------------------


class ImportProgress:
    """Where an import says how far it is; this default forgets it (commands), import jobs record it."""

    def phase(self, name: str) -> None:
        """Say what the import does now: reading, checking or writing."""

    def total(self, count: int | None) -> None:
        """Say how many features the file holds, when known before reading them."""

    def read(self, count: int) -> None:
        """Add count features read."""

    def written(self, count: int) -> None:
        """Add count features written."""


# The default sink keeps no state, so one shared instance is safe as the ContextVar's default.
_PROGRESS: ContextVar[ImportProgress] = ContextVar("import_progress", default=ImportProgress())  # noqa: B039


def progress() -> ImportProgress:
    """Return where the running import reports its progress."""
    return _PROGRESS.get()


@contextlib.contextmanager
def reporting(sink: ImportProgress) -> Iterator[ImportProgress]:
    """Send the progress of the imports run inside the block to sink."""
    token = _PROGRESS.set(sink)
    try:
        yield sink
    finally:
        _PROGRESS.reset(token)


# --- The pipeline -----------------------------------------------------------------------------------


def run_import(
    path: str | Path,
    target: ImportTarget,
    *,
    layer: str | None = None,
    srid: int | None = None,
    encoding: str = text.AUTO,
    batch_size: int | None = None,
) -> ImportReport:
    """Import one vector file into target: every row or, on any problem, none (raises ImportFailed).

    The file is read batch_size (default LAYERS_IMPORT_BATCH_SIZE) features at a time; only a target that does not
    stream keeps every row.
    """
    with archives.unpacked(Path(path), layer, hints.current().layer) as dataset:
        if dataset != Path(path) and layer in (dataset.name, dataset.stem):
            layer = None  # the layer option chose the dataset inside the zip
        # Messages and the stored source name keep the file the user gave, not its member inside a zip.
        shown = Path(path).name
        return _run_import(
            dataset,
            target,
            layer=layer,
            srid=srid,
            encoding=encoding,
            shown=shown,
            size=batch_size or settings.LAYERS_IMPORT_BATCH_SIZE,
        )


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while rows are built: it would walk every one of them, many times.

    A large file makes hundreds of thousands of rows, dicts and values that reference counting frees anyway;
    the collector's passes over them cost about a tenth of the Python time of a 100,000-lot import. The switch
    is process-wide, so only a process doing nothing else may use it: the import jobs' runner (imports.jobs) and
    commands, never a web server's request.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run_import(
    path: Path, target: ImportTarget, *, layer: str | None, srid: int | None, encoding: str, shown: str, size: int
) -> ImportReport:
    progress().phase("reading")
    reader = reading.open_layer(path, layer, text.decoding_for_choice(encoding))
    progress().total(reader.total)
    source = Source(path=reader.path, name=shown, layer=reader.layer)
    problems = _missing_fields(reader, target, source)
    if problems:
        raise fail(problems)
    crs, reader.crs_label = resolve_crs(reader, srid, source)
    try:
        return _import_batches(reader, target, source, crs, size)
    except UnicodeDecodeError:
        label = reader.crs_label
        reader = reader.fallback()  # the transaction of the first attempt is rolled back: nothing was written
        reader.crs_label = label
    return _import_batches(reader, target, source, crs, size)


def _import_batches(
    reader: reading.LayerReader, target: ImportTarget, source: Source, crs: CRS, size: int
) -> ImportReport:
    """Read, check and write the layer batch by batch in one transaction; raise ImportFailed on any problem."""
    report = ImportReport(file=source.name, layer=source.layer, target=target.name, source_crs=reader.crs_label)
    problems = ProblemList()
    repair = _TextRepair(reader.decoding, list(dict.fromkeys(target.field_map.values())))
    kept: list[Row] = []  # every valid row, for a target that writes them all at once
    valid = 0
    target.start()
    try:
        with transaction.atomic(), _stopped(target):
            for batch in reader.batches(list(target.field_map.values()), size):
                progress().read(len(batch))
                progress().phase("checking")
                report.read += len(batch)
                repair.repair(batch, source, problems)
                geoms = reproject(batch.geoms, crs, source)
                rows, repaired = _build_rows(batch, target, geoms, source, reader.crs_label, problems)
                report.repaired += repaired
                valid += len(rows)
                if not target.streams:
                    kept.extend(rows)
                    continue
                problems.extend(target.check_rows(rows, source))
                if not problems:  # once the import is refused, reading goes on only to report every problem
                    progress().phase("writing")
                    target.write_batch(rows, source)
                progress().phase("reading")
            report.reencoded, report.text_encoding = repair.summary()
            progress().phase("checking")
            problems.extend(target.check_done(source) if target.streams else target.check_rows(kept, source))
            if not valid and not problems:
                problems.append(Problem(source.name, _("the layer has no features.")))
            if problems:
                raise problems.failure()
            progress().phase("writing")
            counts = target.finish(source) if target.streams else write_rows(target, kept, source)
    except DatabaseError as exc:
        raise fail([Problem(source.name, _("the database refused the data: %(error)s") % {"error": exc})]) from None
    report.created, report.updated, report.unchanged = counts.created, counts.updated, counts.unchanged
    return report


@contextlib.contextmanager
def _stopped(target: ImportTarget) -> Iterator[None]:
    """Have the target's writes in flight ended before its transaction commits or rolls back."""
    try:
        yield
    finally:
        target.stop()


def write_rows(target: ImportTarget, rows: Sequence[Row], source: Source) -> WriteCounts:
    """Write every row in one transaction: a failure on the last row undoes the first."""
    try:
        with transaction.atomic():
            counts = target.write(rows, source)
    except DatabaseError as exc:
        raise fail([Problem(source.name, _("the database refused the data: %(error)s") % {"error": exc})]) from None
    if not target.reports_writes:
        progress().written(len(rows))
    return counts


def _missing_fields(reader: reading.LayerReader, target: ImportTarget, source: Source) -> list[Problem]:
    missing = [name for name in target.required_fields() if name not in target.field_map]
    problems = [Problem(source.name, _("no column is given for the field %(field)r.") % {"field": n}) for n in missing]
    found = ", ".join(reader.columns) or _("(none)")
    for name, column in target.field_map.items():
        if column not in reader.columns:
            message = _("the column %(column)r (for %(field)s) is not in the file; the fields found are: %(found)s.")
            problems.append(Problem(source.name, message % {"column": column, "field": name, "found": found}))
    return problems


class _TextRepair:
    """Turn the mapped text columns into NFC Unicode, batch by batch, and say what was done.

    A column's legacy encoding (TCVN3, VNI…) is detected from the first batch holding non-ASCII text in it,
    then kept for the batches after: one column is typed in one encoding.
    """

    def __init__(self, decoding: text.TextDecoding, columns: list[str]) -> None:
        self.decoding, self.columns = decoding, columns
        self.legacy: dict[str, str | None] = {}  # column -> its detected encoding (None: Unicode), once known
        self.converted: dict[str, str] = {}  # column -> the legacy encoding its values were converted from
        self.changed = 0

    def repair(self, batch: reading.Batch, source: Source, problems: ProblemList) -> None:
        decoding = self.decoding
        for column in self.columns:
            values = batch.values[column]
            known = column in self.legacy
            given = replace(decoding, legacy=self.legacy[column]) if known else decoding
            repair = text.repair_column(values, given, detect=not known)
            if not known and str in set(map(type, values)) and any(_non_ascii(value) for value in values):
                self.legacy[column] = repair.legacy
            batch.values[column] = repair.values
            self.changed += repair.changed
            for index in repair.undecodable:
                message = _("the value of %(column)r is not %(codec)s text; choose the right one with %(control)s.")
                given_names = {"column": column, "codec": decoding.codec, "control": hints.current().encoding}
                problems.append(Problem(source.name, message % given_names, batch.start + index + 1))
            if repair.legacy and repair.changed:
                self.converted.setdefault(column, repair.legacy)

    def summary(self) -> tuple[int, str]:
        """Return (values changed, what was done)."""
        decoding = self.decoding
        done = [f"{text.encoding_label(decoding.codec)} {decoding.origin}".strip()] if decoding.codec else []
        if not decoding.codec and decoding.origin and not decoding.legacy:
            done.append(decoding.origin)
        forced = f" {decoding.origin}" if decoding.legacy else ""
        done.extend(f"{column}: {text.encoding_label(self.converted[column])}{forced}" for column in self.converted)
        return self.changed, "; ".join(done) or _("Unicode as read")


def _non_ascii(value: Any) -> bool:
    return isinstance(value, str) and not value.isascii()


def _build_rows(
    batch: reading.Batch, target: ImportTarget, geoms: np.ndarray, source: Source, crs_label: str, problems: ProblemList
) -> tuple[list[Row], int]:
    """Check and repair the geometries (in bulk) and let the target validate the rows; return rows and repairs."""
    first = batch.start + 1  # the feature number of the batch's first row
    checked = check_geometries(geoms, target.geometry_kind(), crs_label)
    problems.extend(Problem(source.name, message, first + index) for index, message in checked.errors.items())
    names = list(target.field_map)
    columns = [_plain_column(batch.values[column]) for column in target.field_map.values()]
    # No mapped column (a target whose fields are all optional): every row still gets its (empty) values.
    cells = zip(*columns, strict=True) if columns else iter([()] * len(geoms))
    numbers = range(first, first + len(geoms))
    lines: Iterable[tuple[int, tuple[Any, ...], Any]] = zip(numbers, cells, checked.geoms.tolist(), strict=True)
    if not checked.ok.all():  # the usual case needs no test per row
        lines = (line for line, ok in zip(lines, checked.ok.tolist(), strict=True) if ok)
    rows = [Row(number, dict(zip(names, values, strict=True)), geom) for number, values, geom in lines]
    valid, invalid = target.validate_rows(rows, source)
    problems.extend(invalid)
    repaired = int(sum(checked.repaired[row.number - first] for row in valid)) if checked.repaired.any() else 0
    return valid, repaired


def _plain_column(values: Sequence[Any]) -> list[Any]:
    """Return a column's cells as Python values; NaN, NaT and None become None."""
    return [
        value if type(value) in _PLAIN_TYPES and value == value else _plain(value)  # NaN != NaN
        for value in values
    ]


_PLAIN_TYPES = frozenset({str, int, float, bool})


def _plain(value: Any) -> Any:
    """Return a Python value for a pandas/numpy cell; NaN, NaT and None become None."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


# --- Coordinate reference systems --------------------------------------------------------------------


def resolve_crs(table: reading.LayerReader, srid: int | None, source: Source) -> tuple[CRS, str]:
    """Return the CRS of the file's coordinates and a label for the report."""
    if srid is not None:
        # The caller's SRID has been through gis_core.srs.parse_srid: an allow-listed EPSG code.
        crs = CRS.from_epsg(srid)
        said = _("; the file said %(crs)s") % {"crs": table.crs.name} if table.crs is not None else ""
        return crs, _("EPSG:%(srid)d %(name)s (given by the caller%(said)s)") % {
            "srid": srid,
            "name": ACCEPTED_SRIDS.get(srid, crs.name),
            "said": said,
        }
    if table.crs is None:
        controls = hints.current()
        message = _(
            "the file has no coordinate reference system; give it with %(vn2000)s for VN-2000 / TM-3 108-15 "
            "(EPSG:%(code)d), or %(srid)s%(wgs84)d for WGS84."
        )
        given = {"vn2000": controls.vn2000, "code": VN2000_TM3_108_15, "srid": controls.srid, "wgs84": WGS84}
        raise fail([Problem(source.name, message % given)])
    try:
        code = table.crs.to_epsg()
    except CRSError:
        code = None
    if code is not None:
        # The EPSG definition carries the datum shift (VN-2000 -> WGS 84) that a .prj often leaves out.
        return CRS.from_epsg(code), f"EPSG:{code} {table.crs.name}"
    return table.crs, _("%(name)s (the file's own definition)") % {"name": table.crs.name}


def reproject(geoms: np.ndarray, crs: CRS, source: Source) -> np.ndarray:
    """Return the geometries in EPSG:4326 (longitude, latitude)."""
    if crs.to_epsg() == STORAGE_SRID:
        return geoms
    try:
        transformer = Transformer.from_crs(crs, CRS.from_epsg(STORAGE_SRID), always_xy=True)
        return shapely.transform(geoms, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))
    except ProjError as exc:
        message = _("cannot transform its coordinates from %(crs)s to WGS84: %(error)s")
        raise fail([Problem(source.name, message % {"crs": crs.name, "error": exc})]) from None


# --- Geometry ----------------------------------------------------------------------------------------


@dataclass
class CheckedGeometries:
    """The geometries of a file after the checks: usable ones repaired and promoted, and why the others are not."""

    geoms: np.ndarray  # object array; None where the row failed
    ok: np.ndarray  # bool per row
    repaired: np.ndarray  # bool per row
    errors: dict[int, str]  # 0-based row -> message


def check_geometries(geoms: np.ndarray, kind: GeometryKind, crs_label: str) -> CheckedGeometries:
    """Check all geometries at once; rows that are not plainly valid go through check_geometry one by one."""
    count = len(geoms)
    result = np.empty(count, dtype=object)
    repaired = np.zeros(count, dtype=bool)
    accepted, multi = _KIND_TYPES[kind]
    type_ids = shapely.get_type_id(geoms)  # -1 for None
    simple = np.isin(type_ids, [_TYPE_IDS[name] for name in accepted]) if accepted else type_ids >= 0
    simple &= ~shapely.is_empty(geoms)
    bounds = shapely.bounds(geoms)
    with np.errstate(invalid="ignore"):
        simple &= np.isfinite(bounds).all(axis=1)
        simple &= (bounds[:, 0] >= -180) & (bounds[:, 2] <= 180) & (bounds[:, 1] >= -90) & (bounds[:, 3] <= 90)
    simple[simple] = shapely.is_valid(geoms[simple])
    if multi is not None:
        single = simple & (type_ids == _TYPE_IDS[multi.__name__.removeprefix("Multi")])
        result[single] = _promote(geoms[single], multi)
        result[simple & ~single] = geoms[simple & ~single]
    else:
        result[simple] = geoms[simple]
    ok = simple.copy()
    errors: dict[int, str] = {}
    for index in np.flatnonzero(~simple):
        try:
            result[index], repaired[index] = check_geometry(geoms[index], kind, crs_label)
        except RowInvalid as exc:
            errors[int(index)] = str(exc)
            continue
        ok[index] = True
    return CheckedGeometries(geoms=result, ok=ok, repaired=repaired, errors=errors)


_TYPE_IDS = {"Point": 0, "LineString": 1, "Polygon": 3, "MultiPoint": 4, "MultiLineString": 5, "MultiPolygon": 6}


def _promote(singles: np.ndarray, multi: type[BaseGeometry]) -> np.ndarray:
    """Wrap each single-part geometry in its multi type."""
    if not len(singles):
        return singles
    make = {
        shapely.MultiPolygon: shapely.multipolygons,
        shapely.MultiLineString: shapely.multilinestrings,
        shapely.MultiPoint: shapely.multipoints,
    }[multi]
    return np.asarray(make(singles[:, np.newaxis]), dtype=object)


def check_geometry(geom: BaseGeometry | None, kind: GeometryKind, crs_label: str) -> tuple[BaseGeometry, bool]:
    """Return the geometry repaired and promoted for kind, and whether it was repaired; or raise RowInvalid."""
    if geom is None:
        raise RowInvalid(_("the feature has no geometry."))
    if geom.is_empty:
        raise RowInvalid(_("the geometry is empty."))
    accepted, multi = _KIND_TYPES[kind]
    parts = _flat_parts(geom)
    if accepted and not {part.geom_type for part in parts} <= accepted:
        message = _("the geometry is a %(found)s; %(expected)s expected.")
        raise RowInvalid(message % {"found": geom.geom_type, "expected": _(" or ").join(sorted(accepted))})
    xmin, ymin, xmax, ymax = geom.bounds
    if not (all(map(math.isfinite, geom.bounds)) and -180 <= xmin <= xmax <= 180 and -90 <= ymin <= ymax <= 90):
        message = _(
            "its coordinates (%(x).6g, %(y).6g) are not longitude/latitude after reprojection from %(crs)s; "
            "check the file's CRS or give the right one with %(srid)s…"
        )
        raise RowInvalid(message % {"x": xmin, "y": ymin, "crs": crs_label, "srid": hints.current().srid})
    repaired = not geom.is_valid
    if repaired:
        reason = shapely.is_valid_reason(geom)
        geom = shapely.make_valid(geom)
        parts = [part for part in _flat_parts(geom) if not accepted or part.geom_type in accepted]
        if not parts or all(part.is_empty for part in parts):
            message = _("the geometry is invalid (%(reason)s) and nothing of it is left after repair.")
            raise RowInvalid(message % {"reason": reason})
    if multi is not None:
        geom = multi(parts)
    return geom, repaired


def _flat_parts(geom: BaseGeometry) -> list[BaseGeometry]:
    """Return the single-part geometries inside geom, however nested."""
    parts = list(shapely.get_parts(geom))
    if len(parts) == 1 and parts[0].geom_type == geom.geom_type and not hasattr(geom, "geoms"):
        return parts
    flat: list[BaseGeometry] = []
    for part in parts:
        flat.extend(_flat_parts(part) if hasattr(part, "geoms") else [part])
    return flat


# --- Administrative boundaries -----------------------------------------------------------------------

# Longitude/latitude box around the mainland and the Trường Sa islands; anything outside is not ours.
PROVINCE_EXTENT = (108.0, 6.0, 118.0, 13.5)
_UNIT_CODE = re.compile(r"[0-9]{5}")
_NAME_MAX_LENGTH = 100  # AdminUnit.name
_NAME_PREFIXES = (
    ("xã ", AdminUnit.Kind.COMMUNE),
    ("phường ", AdminUnit.Kind.WARD),
    ("đặc khu ", AdminUnit.Kind.SPECIAL_ZONE),
)
_KIND_WORDS = {
    **{kind.value: kind for kind in AdminUnit.Kind},
    "xã": AdminUnit.Kind.COMMUNE,
    "commune": AdminUnit.Kind.COMMUNE,
    "phường": AdminUnit.Kind.WARD,
    "ward": AdminUnit.Kind.WARD,
    "đặc khu": AdminUnit.Kind.SPECIAL_ZONE,
    "dac khu": AdminUnit.Kind.SPECIAL_ZONE,
    "special zone": AdminUnit.Kind.SPECIAL_ZONE,
}
_UNIT_FIELDS = ("name", "kind", "geom", "geometry_source")


class BoundariesTarget(ImportTarget):
    """Communes, wards and the special zone of Khánh Hòa, upserted by their 5-digit code."""

    name = "boundaries"

    def required_fields(self) -> list[str]:
        return ["code", "name"]

    def geometry_kind(self) -> GeometryKind:
        return GeometryKind.POLYGON

    def validate_row(self, row: Row, source: Source) -> dict[str, Any]:
        code = unit_code(row.values["code"])
        name = unit_name(row.values["name"])
        kind = unit_kind(row.values.get("kind"), name, given="kind" in self.field_map)
        xmin, ymin, xmax, ymax = PROVINCE_EXTENT
        lon, lat = row.geom.representative_point().coords[0]
        if not (xmin <= lon <= xmax and ymin <= lat <= ymax):
            message = _("the unit lies at %(lon).4f, %(lat).4f, outside Khánh Hòa; check the file's CRS.")
            raise RowInvalid(message % {"lon": lon, "lat": lat})
        geom = GEOSGeometry(memoryview(shapely.to_wkb(row.geom)), srid=STORAGE_SRID)
        return {"code": code, "name": name, "kind": kind, "geom": geom, "geometry_source": source.name[:200]}

    def check_rows(self, rows: Sequence[Row], source: Source) -> list[Problem]:
        by_code: dict[str, list[int]] = defaultdict(list)
        for row in rows:
            by_code[row.clean["code"]].append(row.number)
        message = _("the code %(code)s is also used by feature %(first)d; each unit must appear once.")
        return [
            Problem(source.name, message % {"code": code, "first": numbers[0]}, number)
            for code, numbers in by_code.items()
            for number in numbers[1:]
        ]

    def write(self, rows: Sequence[Row], source: Source) -> WriteCounts:
        province = Province.objects.khanh_hoa()
        existing = {unit.code: unit for unit in AdminUnit.objects.filter(code__in=[r.clean["code"] for r in rows])}
        counts = WriteCounts()
        touched: list[str] = []
        for row in rows:
            values = {name: row.clean[name] for name in _UNIT_FIELDS}
            unit = existing.get(row.clean["code"])
            if unit is None:
                AdminUnit.objects.create(province=province, code=row.clean["code"], **values)
                counts.created += 1
                touched.append(row.clean["code"])
                continue
            changed = [name for name in _UNIT_FIELDS if not _same(getattr(unit, name), values[name])]
            if unit.province_id != province.pk:
                unit.province = province
                changed.append("province")
            if not changed:
                counts.unchanged += 1
                continue
            for name in changed:
                if name != "province":
                    setattr(unit, name, values[name])
            unit.save(update_fields=changed)
            counts.updated += 1
            touched.append(row.clean["code"])
        if touched:
            AdminUnit.objects.filter(code__in=touched).update_areas()
            province.refresh_outline()
        return counts


def unit_code(value: Any) -> str:
    """Return a 5-digit unit code; numbers read as integers are zero-padded."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 99999:
        return f"{value:05d}"
    if isinstance(value, str) and _UNIT_CODE.fullmatch(value.strip()):
        return value.strip()
    raise RowInvalid(_("the code %(code)r is not a 5-digit unit code (for example 22333).") % {"code": value})


def unit_name(value: Any) -> str:
    """Return the unit's name with single spaces, or raise RowInvalid."""
    name = " ".join(str(value).split()) if value is not None else ""
    if not name:
        raise RowInvalid(_("the name is empty."))
    if len(name) > _NAME_MAX_LENGTH:
        message = _("the name %(name)r is longer than %(max)d characters.")
        raise RowInvalid(message % {"name": name[:40] + "…", "max": _NAME_MAX_LENGTH})
    return name


def unit_kind(value: Any, name: str, *, given: bool) -> str:
    """Return the unit's kind from the kind column, or else from the name's prefix (Xã, Phường, Đặc khu)."""
    from_name = next((kind for prefix, kind in _NAME_PREFIXES if name.casefold().startswith(prefix)), None)
    if not given:
        if from_name is None:
            message = _(
                "cannot tell the kind from the name %(name)r: it must start with Xã, Phường or Đặc khu, "
                "or pass --kind-field."
            )
            raise RowInvalid(message % {"name": name})
        return from_name
    word = " ".join(str(value).split()).casefold() if value is not None else ""
    kind = _KIND_WORDS.get(unicodedata.normalize("NFC", word))
    if kind is None:
        message = _("the kind %(kind)r is not one of Xã, Phường, Đặc khu (or xa, phuong, dac_khu).")
        raise RowInvalid(message % {"kind": value})
    if from_name is not None and from_name != kind:
        message = _("the kind %(kind)r contradicts the name %(name)r.")
        raise RowInvalid(message % {"kind": value, "name": name})
    return kind


def _same(current: Any, wanted: Any) -> bool:
    if isinstance(current, GEOSGeometry) and isinstance(wanted, GEOSGeometry):
        return current.srid == wanted.srid and current.equals_exact(wanted, 1e-9)
    return current == wanted
