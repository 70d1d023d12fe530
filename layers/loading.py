"""Write an uploaded layer's table: load a fresh table beside the old one and swap them in one transaction.

Readers of the old table keep reading it until the importing transaction commits; a query that arrives while
the swap holds its lock waits and then reads the new table. Nobody ever sees half an import.
"""

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from psycopg2 import sql
from psycopg2.extras import execute_values

from layers import schema

ID_COLUMN = "fid"
GEOMETRY_COLUMN = "geom"
RESERVED_COLUMNS = frozenset({ID_COLUMN, GEOMETRY_COLUMN})
INSERT_PAGE_SIZE = 1000


@dataclass
class Load:
    """The rows of one import: attribute columns with their PostgreSQL types, then (fid, WKB, values) per feature."""

    columns: list[tuple[str, str]]
    geometry_type: str  # PostGIS type modifier: MultiPolygon, MultiLineString, MultiPoint or Geometry
    rows: Sequence[tuple[int, bytes, Sequence[Any]]]


def replace_table(schema_name: str, table: str, load: Load) -> None:
    """Replace schema.table by a table holding load's rows; must run inside the import's transaction."""
    stage = f"stage_{secrets.token_hex(8)}"  # unique, so its index and key names never collide with older ones
    with connection.cursor() as cursor:
        cursor.execute(_create(schema_name, stage, load))
        _insert(cursor.cursor, schema_name, stage, load)
        cursor.execute(
            sql.SQL("CREATE INDEX {index} ON {stage} USING gist ({geom})").format(
                index=sql.Identifier(f"{stage}_geom"),
                stage=sql.Identifier(schema_name, stage),
                geom=sql.Identifier(GEOMETRY_COLUMN),
            )
        )
        cursor.execute(sql.SQL("DROP TABLE IF EXISTS {table}").format(table=sql.Identifier(schema_name, table)))
        cursor.execute(
            sql.SQL("ALTER TABLE {stage} RENAME TO {table}").format(
                stage=sql.Identifier(schema_name, stage), table=sql.Identifier(table)
            )
        )
        cursor.execute(sql.SQL("ANALYZE {table}").format(table=sql.Identifier(schema_name, table)))
    # Installed after the rows are in: the import bumps the version once itself.
    schema.install_version_trigger(schema_name, table)


def _create(schema_name: str, stage: str, load: Load) -> sql.Composed:
    attributes = [sql.SQL("{} {}").format(sql.Identifier(name), sql.SQL(pg_type)) for name, pg_type in load.columns]
    return sql.SQL(
        "CREATE TABLE {stage} ({fid} bigint CONSTRAINT {pkey} PRIMARY KEY, {geom} geometry({kind}, 4326) NOT NULL{sep}"
        "{attributes})"
    ).format(
        stage=sql.Identifier(schema_name, stage),
        fid=sql.Identifier(ID_COLUMN),
        pkey=sql.Identifier(f"{stage}_pkey"),
        geom=sql.Identifier(GEOMETRY_COLUMN),
        kind=sql.SQL(load.geometry_type),  # one of a fixed set, chosen by layers.import_target
        sep=sql.SQL(", " if attributes else ""),
        attributes=sql.SQL(", ").join(attributes),
    )


def _insert(raw_cursor: Any, schema_name: str, stage: str, load: Load) -> None:
    names = [ID_COLUMN, GEOMETRY_COLUMN, *(name for name, _type in load.columns)]
    statement = sql.SQL("INSERT INTO {stage} ({columns}) VALUES %s").format(
        stage=sql.Identifier(schema_name, stage), columns=sql.SQL(", ").join(map(sql.Identifier, names))
    )
    template = "(%s, ST_GeomFromWKB(%s, 4326)" + ", %s" * len(load.columns) + ")"
    rows = ((fid, wkb, *values) for fid, wkb, values in load.rows)
    execute_values(raw_cursor, statement.as_string(raw_cursor), rows, template=template, page_size=INSERT_PAGE_SIZE)


def drop_table(schema_name: str, table: str) -> None:
    """Drop an uploaded layer's table, if it exists."""
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP TABLE IF EXISTS {table}").format(table=sql.Identifier(schema_name, table)))
