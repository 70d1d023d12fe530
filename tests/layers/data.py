"""Data files and database snapshots for the layers and tiles tests (real files, written with pyogrio)."""

import csv
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pyogrio
from django.db import connection
from psycopg2 import sql
from shapely import Point, box

from layers.models import Layer
from layers.schema import UPLOAD_SCHEMA, columns

# Small shapes in Nha Trang (lon/lat).
LOT_A = box(109.19, 12.27, 109.20, 12.28)
LOT_B = box(109.21, 12.27, 109.22, 12.28)
LOT_C = box(109.19, 12.23, 109.20, 12.24)
ZONES: list[dict[str, Any]] = [
    {"Tên": "Khu A", "dan_so": 1200, "dien_tich": 1.5, "geometry": LOT_A},
    {"Tên": "Khu B", "dan_so": 800, "dien_tich": 2.25, "geometry": LOT_B},
    {"Tên": "Khu C", "dan_so": None, "dien_tich": 0.5, "geometry": LOT_C},
]
SENSORS: list[dict[str, Any]] = [
    {"ma": "S01", "loai": "mưa", "geometry": Point(109.195, 12.275)},
    {"ma": "S02", "loai": "mực nước", "geometry": Point(109.215, 12.245)},
]


def write(path: Path, records: Sequence[dict[str, Any]], *, crs: int | None = 4326, **kw: Any) -> Path:
    """Write the records (each with a "geometry") to path with pyogrio and return the path."""
    frame = gpd.GeoDataFrame(list(records), geometry="geometry", crs=crs)
    for column in frame.columns.drop("geometry"):
        values = [record.get(column) for record in records]
        if any(isinstance(v, int) for v in values) and all(v is None or isinstance(v, int) for v in values):
            frame[column] = gpd.pd.array(values, dtype="Int64")  # an integer column with empty cells
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        pyogrio.write_dataframe(frame, path, **kw)
    return path


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[Any]], encoding: str = "utf-8") -> Path:
    """Write a CSV file (values quoted where needed) and return its path."""
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def upload_tables() -> list[str]:
    """Names of the tables in the uploaded layers' schema."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename", [UPLOAD_SCHEMA])
        return [row[0] for row in cursor.fetchall()]


def rows_of(table: str) -> list[tuple[Any, ...]]:
    """Every row of an uploaded layer's table in fid order, geometry last as WKT."""
    names = [column.name for column in columns(UPLOAD_SCHEMA, table) if column.name != "geom"]
    query = sql.SQL("SELECT {}, ST_AsText(geom) FROM {} ORDER BY fid").format(
        sql.SQL(", ").join(map(sql.Identifier, names)), sql.Identifier(UPLOAD_SCHEMA, table)
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchall()


def catalogue_state() -> list[tuple[Any, ...]]:
    """Every layer row and every uploaded table with its rows, to compare before and after a refusal."""
    layers = list(Layer.objects.order_by("slug").values_list("slug", "data_version", "feature_count", "fields"))
    return [*layers, *((table, tuple(rows_of(table))) for table in upload_tables())]
