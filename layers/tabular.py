"""CSV and XLSX files with coordinate columns, turned into point layers the shared importer reads.

The columns hold WGS84 longitude/latitude, or VN-2000 X/Y in metres, where (as Vietnamese surveyors write)
X is the northing and Y the easting. The file is wrapped in a GDAL virtual layer (an OGR VRT we write
ourselves, naming only the uploaded file) that builds each point from its row, so the importer's encodings,
CRS handling, checks and all-or-nothing writing apply unchanged; feature N is the Nth data row (line N+1).
"""

import math
import tempfile
import unicodedata
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyogrio
from django.utils.translation import gettext as _
from pyogrio.errors import DataLayerError, DataSourceError

from core.errors import ImportFailed
from gis_core.importer import Problem, fail
from gis_core.srs import VN2000_TM3_108_15, WGS84

TABULAR_SUFFIXES = {".csv", ".xlsx"}
LON_NAMES = {"lon", "lng", "long", "longitude", "kinh_do", "kinhdo", "kinh độ", "x_wgs84"}
LAT_NAMES = {"lat", "latitude", "vi_do", "vido", "vĩ độ", "y_wgs84"}
NORTHING_NAMES = {"x", "x_vn2000", "toa_do_x", "tọa độ x", "toạ độ x"}
EASTING_NAMES = {"y", "y_vn2000", "toa_do_y", "tọa độ y", "toạ độ y"}


@dataclass(frozen=True)
class Coordinates:
    """The columns holding a row's position and the CRS they are in."""

    easting: str  # longitude, or VN-2000 Y
    northing: str  # latitude, or VN-2000 X
    srid: int

    @property
    def is_lonlat(self) -> bool:
        return self.srid == WGS84


@dataclass(frozen=True)
class Tabular:
    """A tabular file wrapped as a point layer."""

    path: Path  # the virtual layer to hand the importer
    layer: str


def is_tabular(path: Path) -> bool:
    return path.suffix.lower() in TABULAR_SUFFIXES


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip().casefold()


def choose_coordinates(
    columns: Sequence[str],
    *,
    lon: str | None = None,
    lat: str | None = None,
    x: str | None = None,
    y: str | None = None,
    srid: int | None = None,
) -> Coordinates:
    """Return the coordinate columns named by the caller, or found by their headers; or raise InvalidInput."""
    if (lon or lat) and (x or y):
        raise ImportFailed(
            _("Give either --lon-column/--lat-column (WGS84) or --x-column/--y-column (VN-2000), not both.")
        )
    if lon or lat or x or y:
        pair = (lon, lat) if (lon or lat) else (y, x)
        if not all(pair):
            raise ImportFailed(
                _("Name both coordinate columns: longitude and latitude, or X (northing) and Y (easting).")
            )
        lonlat = bool(lon or lat)
        return Coordinates(easting=pair[0], northing=pair[1], srid=srid or (WGS84 if lonlat else VN2000_TM3_108_15))  # type: ignore[arg-type]
    by_key = {_key(column): column for column in columns}
    for east_names, north_names, default_srid in (
        (LON_NAMES, LAT_NAMES, WGS84),
        (EASTING_NAMES, NORTHING_NAMES, VN2000_TM3_108_15),
    ):
        east = next((by_key[n] for n in east_names if n in by_key), None)
        north = next((by_key[n] for n in north_names if n in by_key), None)
        if east and north:
            return Coordinates(easting=east, northing=north, srid=srid or default_srid)
    raise ImportFailed(
        _(
            "Cannot tell which columns hold the coordinates among: %(columns)s. Name them with --lon-column and "
            "--lat-column (WGS84 degrees) or --x-column and --y-column (VN-2000 metres, X is the northing)."
        )
        % {"columns": ", ".join(columns) or _("(none)")}
    )


@contextmanager
def as_point_layer(path: Path, sheet: str | None, coordinates: dict[str, Any], srid: int | None) -> Iterator[Tabular]:
    """Yield the tabular file as a virtual point layer, after checking every row's coordinates."""
    sheet = sheet or _first_layer(path)
    columns = _columns(path, sheet)
    chosen = choose_coordinates(columns, srid=srid, **coordinates)
    for column in (chosen.easting, chosen.northing):
        if column not in columns:
            message = _("the column %(column)r is not in the file; its columns are: %(columns)s.")
            raise fail([Problem(path.name, message % {"column": column, "columns": ", ".join(columns)})])
    _check_values(path, sheet, chosen)
    with tempfile.TemporaryDirectory(prefix="layer-tabular-") as folder:
        vrt = Path(folder) / f"{path.name}.vrt"
        vrt.write_text(_vrt(path, sheet, chosen), encoding="utf-8")
        try:
            yield Tabular(path=vrt, layer=sheet)
        except ImportFailed as exc:
            raise renamed(exc, vrt.name, path.name) from None


def renamed(exc: ImportFailed, wrapper: str, original: str) -> ImportFailed:
    """Return the importer's error naming the uploaded file instead of the virtual layer around it."""
    listed: list[dict[str, Any]] = list(exc.details.get("errors", []))  # type: ignore[call-overload]
    errors = [{**error, "file": original} if error.get("file") == wrapper else error for error in listed]
    details = {**exc.details, "errors": errors} if "errors" in exc.details else exc.details
    return ImportFailed(exc.message.replace(wrapper, original), **details)


def _quiet_read(function: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return function(*args, **kwargs)
    except (DataSourceError, DataLayerError, ValueError) as exc:
        reason = str(exc).split(";")[0].replace(str(args[0]), Path(args[0]).name)
        message = _("cannot be read as a CSV or XLSX table: %(reason)s")
        raise fail([Problem(Path(args[0]).name, message % {"reason": reason})]) from None


def _first_layer(path: Path) -> str:
    layers = _quiet_read(pyogrio.list_layers, path)
    if len(layers) == 0:
        raise fail([Problem(path.name, _("the file holds no table."))])
    return str(layers[0][0])


def _columns(path: Path, sheet: str) -> list[str]:
    info = _quiet_read(pyogrio.read_info, path, layer=sheet)
    return [str(name) for name in info["fields"]]


def _check_values(path: Path, sheet: str, chosen: Coordinates) -> None:
    """Raise ImportFailed listing each row whose coordinates are missing or not numbers."""
    frame = _quiet_read(
        pyogrio.read_dataframe, path, layer=sheet, columns=[chosen.easting, chosen.northing], read_geometry=False
    )
    problems: list[Problem] = []
    for index, pair in enumerate(zip(frame[chosen.easting], frame[chosen.northing], strict=True)):
        for column, value in zip((chosen.easting, chosen.northing), pair, strict=True):
            if message := _coordinate_problem(column, value):
                problems.append(Problem(path.name, f"{message} ({_('line %(n)d') % {'n': index + 2}})", index + 1))
    if problems:
        raise fail(problems)


def _coordinate_problem(column: str, value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
        return _("the coordinate column %(column)r is empty.") % {"column": column}
    if isinstance(value, int | float) and not isinstance(value, bool):
        return None if math.isfinite(value) else _("%(column)r is not a finite number.") % {"column": column}
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        hint = _(" write decimals with a point, not a comma;") if "," in text else ""
        return _("the %(column)r value %(value)r is not a number;%(hint)s fix the row.") % {
            "column": column,
            "value": text[:40],
            "hint": hint,
        }
    return None if math.isfinite(number) else _("%(column)r is not a finite number.") % {"column": column}


def _vrt(path: Path, sheet: str, chosen: Coordinates) -> str:
    options = '<OpenOptions><OOI key="AUTODETECT_TYPE">YES</OOI></OpenOptions>' if path.suffix.lower() == ".csv" else ""
    return (
        "<OGRVRTDataSource>"
        f"<OGRVRTLayer name={quoteattr(sheet)}>"
        f'<SrcDataSource relativeToVRT="0">{escape(str(path.resolve()))}</SrcDataSource>{options}'
        f"<SrcLayer>{escape(sheet)}</SrcLayer>"
        f"<GeometryType>wkbPoint</GeometryType><LayerSRS>EPSG:{int(chosen.srid)}</LayerSRS>"
        f'<GeometryField encoding="PointFromColumns" x={quoteattr(chosen.easting)} y={quoteattr(chosen.northing)}/>'
        "</OGRVRTLayer></OGRVRTDataSource>"
    )
