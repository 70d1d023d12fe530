"""Write an uploaded layer's table: load a fresh table beside the old one and swap them in one transaction.

Readers of the old table keep reading it until the importing transaction commits; a query that arrives while
the swap holds its lock waits and then reads the new table. Nobody ever sees half an import.
"""

import io
import secrets
import threading
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
    stage = Stage(schema_name, table, load.columns, load.geometry_type)
    with connection.cursor() as cursor:
        _insert(cursor.cursor, schema_name, stage.name, load)
    stage.swap()


class Stage:
    """A new table loaded beside schema.table batch by batch (COPY), then swapped in; inside one transaction.

    Until the transaction commits nobody sees the new table; a refusal after any batch rolls all of it back.
    Each COPY runs in a thread of its own on the import's connection (so in its transaction) while the caller
    reads and checks the next batch: PostgreSQL stores one batch as Python prepares the next. Every other use of
    the connection waits for it first (wait(), or stop() when the import is refused).
    """

    def __init__(self, schema_name: str, table: str, columns: list[tuple[str, str]], geometry_type: str) -> None:
        self.schema_name, self.table = schema_name, table
        self.name = f"stage_{secrets.token_hex(8)}"  # unique, so its index and key names never collide with older ones
        self.columns = [name for name, _type in columns]
        self._copying: threading.Thread | None = None
        self._error: BaseException | None = None
        with connection.cursor() as cursor:
            cursor.execute(_create(schema_name, self.name, Load(columns=columns, geometry_type=geometry_type, rows=[])))

    def copy(self, lines: str) -> None:
        """Add rows given in COPY's text format: fid, the geometry as hex EWKB, then the columns, tab-separated.

        Returns once the rows are handed to the copying thread; an error of the copy is raised by the next call.
        """
        self.wait()
        names = [ID_COLUMN, GEOMETRY_COLUMN, *self.columns]
        with connection.cursor() as cursor:
            statement = (
                sql.SQL("COPY {stage} ({columns}) FROM STDIN")
                .format(
                    stage=sql.Identifier(self.schema_name, self.name),
                    columns=sql.SQL(", ").join(map(sql.Identifier, names)),
                )
                .as_string(cursor.cursor)
            )
            raw = cursor.cursor.connection  # psycopg2's connection: its calls may come from any one thread at a time

        def run() -> None:
            try:
                with raw.cursor() as cursor:
                    cursor.copy_expert(statement, io.StringIO(lines))
            except Exception as exc:  # not carried on from: wait() raises it in the import's own thread
                self._error = exc

        self._copying = threading.Thread(target=run, name=f"copy-{self.name}", daemon=True)
        self._copying.start()

    def wait(self) -> None:
        """Wait for the copy in flight; raise its error as Django's DatabaseError."""
        self.stop()
        if self._error is not None:
            error, self._error = self._error, None
            with connection.wrap_database_errors:
                raise error

    def stop(self) -> None:
        """Wait for the copy in flight and leave its error: the import is refused and rolls everything back."""
        if self._copying is not None:
            self._copying.join()
            self._copying = None

    def retype(self, column: str, pg_type: str, using: sql.Composable) -> None:
        """Change a column's type once a later batch widened it (rewrites the rows loaded so far)."""
        self.wait()
        statement = sql.SQL("ALTER TABLE {stage} ALTER COLUMN {column} TYPE {type} USING {using}").format(
            stage=sql.Identifier(self.schema_name, self.name),
            column=sql.Identifier(column),
            type=sql.SQL(pg_type),  # one of a fixed set, chosen by layers.import_target
            using=using,
        )
        with connection.cursor() as cursor:
            cursor.execute(statement)

    def swap(self) -> None:
        """Index the loaded table and put it in the place of schema.table."""
        self.wait()
        schema_name, stage, table = self.schema_name, self.name, self.table
        with connection.cursor() as cursor:
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
