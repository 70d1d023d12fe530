"""Write many zoning lots at once with PostgreSQL COPY (what ogr2ogr does), values never formatted into SQL."""

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import connection

from planning.models import ZoningLot

TEXT_COLUMNS = ("lot_code", "land_use_id", "function_name", "building_line", "red_line_ref", "note")
NULLABLE_COLUMNS = (
    "building_coverage_pct",
    "floor_area_ratio",
    "floors_min",
    "floors_max",
    "height_max_m",
    "setback_m",
    "area_m2",
    "population",
)
COLUMNS = ("revision_id", "geom", *TEXT_COLUMNS, *NULLABLE_COLUMNS)


def _cell(value: Any) -> str:
    if value is None:
        return ""  # quoted empty: NULL in the FORCE_NULL columns
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def copy_lots(revision_id: int, lots: Sequence[dict[str, Any]], ewkb_hex: Sequence[str]) -> int:
    """Insert the lots (clean values with 'land_use' as the code) of one revision; return how many."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for lot, geom in zip(lots, ewkb_hex, strict=True):
        values = {**lot, "land_use_id": lot["land_use"]}
        writer.writerow(
            [revision_id, geom]
            + [values.get(name) or "" for name in TEXT_COLUMNS]
            + [_cell(values.get(name)) for name in NULLABLE_COLUMNS]
        )
    buffer.seek(0)
    quote = connection.ops.quote_name
    sql = "COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, FORCE_NULL ({nullable}))".format(
        table=quote(ZoningLot._meta.db_table),
        columns=", ".join(quote(name) for name in COLUMNS),
        nullable=", ".join(quote(name) for name in NULLABLE_COLUMNS),
    )
    with connection.cursor() as cursor:
        cursor.copy_expert(sql, buffer)
    return len(lots)
