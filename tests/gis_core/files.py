"""Write real vector files for the importer tests (pyogrio, the same GDAL the importer reads with)."""

import unicodedata
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from pyproj import Transformer
from shapely import Polygon, box
from shapely.geometry.base import BaseGeometry

from gis_core.models import AdminUnit, Province

# Small squares (about 1 km) inside the province, lon/lat.
BAC_NHA_TRANG = box(109.19, 12.27, 109.20, 12.28)
NHA_TRANG = box(109.19, 12.23, 109.20, 12.24)
CAM_LAM = box(109.10, 12.05, 109.11, 12.06)
TRUONG_SA = box(114.28, 10.37, 114.29, 10.38)
# A self-intersecting "bow-tie" ring: invalid, repaired into two triangles.
BOW_TIE = Polygon([(109.19, 12.25), (109.20, 12.26), (109.20, 12.25), (109.19, 12.26)])

UNITS: list[dict[str, Any]] = [
    {"MA_XA": "22333", "TEN": "Phường Bắc Nha Trang", "geometry": BAC_NHA_TRANG},
    {"MA_XA": "22366", "TEN": "Phường Nha Trang", "geometry": NHA_TRANG},
    {"MA_XA": "22453", "TEN": "Xã Cam Lâm", "geometry": CAM_LAM},
    {"MA_XA": "22736", "TEN": "Đặc khu Trường Sa", "geometry": TRUONG_SA},
]

# The same names as the bytes legacy software wrote, hand-transcribed from the encodings' charts.
LEGACY_BYTES: dict[str, dict[str, bytes]] = {
    "tcvn3": {
        "Phường Bắc Nha Trang": b"Ph\xad\xeang B\xbec Nha Trang",
        "Phường Nha Trang": b"Ph\xad\xeang Nha Trang",
        "Xã Cam Lâm": b"X\xb7 Cam L\xa9m",
        "Đặc khu Trường Sa": b"\xa7\xc6c khu Tr\xad\xeang Sa",
    },
    "vni": {
        "Phường Bắc Nha Trang": b"Ph\xf6\xf4\xf8ng Ba\xe9c Nha Trang",
        "Phường Nha Trang": b"Ph\xf6\xf4\xf8ng Nha Trang",
        "Xã Cam Lâm": b"Xa\xf5 Cam La\xe2m",
        "Đặc khu Trường Sa": b"\xd1a\xebc khu Tr\xf6\xf4\xf8ng Sa",
    },
    # CP1258 writes a tone as a combining mark after the letter: ư = FD, ơ = F5, grave = CC, tilde = DE.
    "cp1258": {
        "Phường Bắc Nha Trang": b"Ph\xfd\xf5\xccng B\xe3\xecc Nha Trang",
        "Phường Nha Trang": b"Ph\xfd\xf5\xccng Nha Trang",
        "Xã Cam Lâm": b"Xa\xde Cam L\xe2m",
        "Đặc khu Trường Sa": b"\xd0\xe3\xf2c khu Tr\xfd\xf5\xccng Sa",
    },
}


def frame(records: Sequence[dict[str, Any]], crs: int | None = 4326) -> gpd.GeoDataFrame:
    """Return a GeoDataFrame of the records (each with a "geometry")."""
    return gpd.GeoDataFrame(list(records), geometry="geometry", crs=crs)


def write(
    path: Path, records: Sequence[dict[str, Any]], *, crs: int | None = 4326, driver: str | None = None, **kw: Any
) -> Path:
    """Write the records to path with pyogrio and return the path."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "crs was not provided" is the point of some tests
        pyogrio.write_dataframe(frame(records, crs), path, driver=driver, **kw)
    return path


def zip_shapefile(shp: Path) -> Path:
    """Zip a Shapefile's sidecar files into <stem>.zip beside it and return the archive."""
    archive = shp.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w") as handle:
        for member in shp.parent.glob(f"{shp.stem}.*"):
            if member != archive:
                handle.write(member, member.name)
    return archive


def legacy_records(encoding: str) -> list[dict[str, Any]]:
    """Return UNITS with each name as its legacy bytes read as Windows-1252 characters."""
    records = []
    for unit in UNITS:
        raw = LEGACY_BYTES[encoding][unit["TEN"]]
        records.append({**unit, "TEN": raw.decode("cp1252")})
    return records


def write_legacy_shapefile(path: Path, encoding: str, *, cpg: str | None) -> Path:
    """Write a Shapefile whose DBF holds the names in a legacy encoding, with the given .cpg (or none)."""
    write(path, legacy_records(encoding), encoding="cp1252")  # cp1252 writes each character as its byte
    cpg_path = path.with_suffix(".cpg")
    cpg_path.unlink(missing_ok=True)
    if cpg is not None:
        cpg_path.write_text(cpg)
    return path


def write_legacy_mapinfo(path: Path, encoding: str, *, charset: str) -> Path:
    """Write a MapInfo TAB whose .dat holds the names in a legacy encoding under the given !charset."""
    write(path, legacy_records(encoding), driver="MapInfo File", encoding="cp1252")
    header = path.read_bytes()
    assert b"Neutral" in header, header[:200]
    path.write_bytes(header.replace(b"Neutral", charset.encode("ascii")))
    return path


def to_vn2000(geom: BaseGeometry) -> BaseGeometry:
    """Return geom in VN-2000 / TM-3 108-15 metres (EPSG:9217)."""
    transformer = Transformer.from_crs(4326, 9217, always_xy=True)
    return shapely.transform(geom, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


# VN-2000 / TM-3 108-15 as some tools write it: no names, no datum shift. pyproj recognises EPSG:9217 in it,
# but taken literally (WGS 84 datum) it puts Nha Trang about 225 m off.
ANONYMOUS_TM3_PRJ = (
    'PROJCS["unnamed",GEOGCS["unnamed",DATUM["unknown",SPHEROID["WGS 84",6378137,298.257223563]],'
    'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],'
    'PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",108.25],PARAMETER["scale_factor",0.9999],'
    'PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1]]'
)


def nfc(value: str) -> bool:
    """Whether value is in Unicode NFC."""
    return unicodedata.is_normalized("NFC", value)


def database_state() -> list[tuple[Any, ...]]:
    """Return every province and unit row, geometry included, to compare before and after a refusal."""
    provinces = [(p.code, p.name, p.geom.wkt if p.geom else None) for p in Province.objects.order_by("code")]
    units = [
        (u.code, u.name, u.kind, u.geom.wkt, u.area_km2, u.valid_from, u.geometry_source, u.province_id)
        for u in AdminUnit.objects.order_by("code")
    ]
    return [*provinces, *units]
