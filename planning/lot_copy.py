"""Write many zoning lots at once: COPY into a staging table, then one INSERT … SELECT (what ogr2ogr does).

Values travel as COPY text, never formatted into SQL; geometries as WKB with the SRID stated in the statement.
"""

import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import shapely
from django.db import connection
from psycopg2 import sql

from gis_core.importer import STORAGE_SRID
from planning.models import ZoningLot

TEXT_COLUMNS = ("lot_code", "land_use_id", "function_name", "building_line", "red_line_ref", "note")
NUMBER_COLUMNS = (
    "building_coverage_pct",
    "floor_area_ratio",
    "floors_min",
    "floors_max",
    "height_max_m",
    "setback_m",
    "area_m2",
    "population",
)
STAGE = "planning_lot_stage"
NULL = "\\N"
# COPY text format: a backslash, tab, newline or carriage return inside a value must be escaped.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


@dataclass(frozen=True)
class LotBatch:
    """The lots of one file as COPY text (one line per lot, ordered by lot code), and its digest."""

    text: str
    count: int
    checksum: str

    def __len__(self) -> int:
        return self.count


def batch_of(lots: Sequence[dict[str, Any]], geoms: np.ndarray) -> LotBatch:
    """COPY text from the lots' clean values ('land_use' holds the code) and their EPSG:4326 geometries.

    The same lots and geometries in any order give the same checksum: importing the same file changes nothing.
    """
    present = set().union(*lots)
    # Column by column: each distinct value is formatted once, and the lines are joined in C.
    columns = [[_text(lot["lot_code"]) for lot in lots]]  # unique: nothing to share
    columns += [_column(lots, name, _text, present) for name in ("land_use", *TEXT_COLUMNS[2:])]
    columns += [_column(lots, name, _number, present) for name in NUMBER_COLUMNS]
    wkb = shapely.to_wkb(geoms) if len(geoms) else []  # binary, then hex in Python: three times faster here
    columns.append(["\\\\x" + geom.hex() for geom in wkb])  # bytea in hex; the backslash escaped for COPY
    lines = list(map("\t".join, zip(*columns, strict=True)))
    lines.sort()  # lot codes come first and are unique (checked before), so this orders by lot code
    text = "\n".join(lines) + "\n" if lines else ""
    return LotBatch(text=text, count=len(lines), checksum=hashlib.sha256(text.encode()).hexdigest())


def _column(lots: Sequence[dict[str, Any]], name: str, write: Callable[[Any], str], present: set[str]) -> list[str]:
    if name not in present:
        return [write(None)] * len(lots)
    values = [lot.get(name) for lot in lots]
    written = {value: write(value) for value in set(values)}
    return [written[value] for value in values]


def _text(value: str | None) -> str:
    if not value:
        return ""
    return value.translate(_ESCAPES) if "\\" in value or "\t" in value or "\n" in value or "\r" in value else value


def _number(value: Any) -> str:
    if value is None:
        return NULL
    return format(value, "f") if isinstance(value, Decimal) else str(value)


STAGE_SQL = """
CREATE TEMPORARY TABLE {stage} (
    lot_code text, land_use_id text, function_name text, building_line text, red_line_ref text, note text,
    building_coverage_pct numeric, floor_area_ratio numeric, floors_min integer, floors_max integer,
    height_max_m numeric, setback_m numeric, area_m2 numeric, population integer, wkb bytea
) ON COMMIT DROP
"""
INSERT_SQL = """
INSERT INTO {table} (revision_id, geom, {columns})
SELECT %s, ST_GeomFromWKB(wkb, %s), {columns} FROM {stage}
"""


def copy_lots(revision_id: int, batch: LotBatch) -> int:
    """Insert the batch's lots into one revision inside the caller's transaction; return how many."""
    columns = sql.SQL(", ").join(map(sql.Identifier, (*TEXT_COLUMNS, *NUMBER_COLUMNS)))
    stage = sql.Identifier(STAGE)
    buffer = io.StringIO(batch.text)
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP TABLE IF EXISTS {stage}").format(stage=stage))
        cursor.execute(sql.SQL(STAGE_SQL).format(stage=stage))
        cursor.copy_expert(sql.SQL("COPY {stage} FROM STDIN").format(stage=stage).as_string(cursor.cursor), buffer)
        insert = sql.SQL(INSERT_SQL).format(
            table=sql.Identifier(ZoningLot._meta.db_table), columns=columns, stage=stage
        )
        cursor.execute(insert, [revision_id, STORAGE_SRID])
        cursor.execute(sql.SQL("DROP TABLE {stage}").format(stage=stage))
    return len(batch)
