"""What PostGIS says about a layer's table: its columns, geometry, extent; and the trigger that versions its data."""

from dataclasses import dataclass

from django.db import connection
from psycopg2 import sql

# The schema holding the tables the importer creates for uploaded layers (made by migration 0001).
UPLOAD_SCHEMA = "layerdata"
# Statement-level trigger, installed on every layer's table, that bumps the layer's data_version (migration 0001).
VERSION_TRIGGER = "layers_data_version"
VERSION_FUNCTION = "layers_touch_data_version"

# PostgreSQL type name -> the field type the catalogue, TileJSON and OGC clients see.
FIELD_TYPES: dict[str, str] = {
    "smallint": "integer",
    "integer": "integer",
    "bigint": "integer",
    "real": "number",
    "double precision": "number",
    "numeric": "number",
    "boolean": "boolean",
    "date": "date",
    "timestamp with time zone": "datetime",
    "timestamp without time zone": "datetime",
    "time without time zone": "time",
    "json": "json",
    "jsonb": "json",
    "bytea": "binary",
}
TABLES = {"r", "p"}  # relkinds a trigger can be put on (ordinary and partitioned tables)


@dataclass(frozen=True)
class Column:
    """One column of a table, with its PostgreSQL type."""

    name: str
    pg_type: str

    @property
    def field_type(self) -> str:
        base = self.pg_type.split("(")[0].strip()
        if base.startswith(("character", "text", "uuid", "citext")):
            return "string"
        return FIELD_TYPES.get(base, "string")

    @property
    def is_geometry(self) -> bool:
        return self.pg_type.startswith(("geometry", "geography"))


@dataclass(frozen=True)
class Summary:
    """The extent (lon/lat), number of features and geometry type of a layer's table."""

    extent: list[float] | None
    count: int
    geometry_type: str


def relation_kind(schema: str, table: str) -> str | None:
    """Return the relkind of schema.table ('r' table, 'v' view, 'm' materialized view...) or None if absent."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relname = %s",
            [schema, table],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def columns(schema: str, table: str) -> list[Column]:
    """Return the table's columns in their order, with their types."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
            "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relname = %s AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
            [schema, table],
        )
        return [Column(name, pg_type) for name, pg_type in cursor.fetchall()]


def geometry_srid(schema: str, table: str, column: str) -> int | None:
    """Return the SRID declared for a geometry column (0 when undeclared), or None if it is not one."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT srid FROM geometry_columns WHERE f_table_schema = %s AND f_table_name = %s "
            "AND f_geometry_column = %s",
            [schema, table, column],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def summarise(schema: str, table: str, geometry_column: str) -> Summary:
    """Compute the extent, feature count and geometry type of the table in PostGIS."""
    query = sql.SQL(
        "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), n, types FROM ("
        "SELECT ST_Extent({geom}) AS e, count(*) AS n, "
        "array_agg(DISTINCT GeometryType({geom})) FILTER (WHERE {geom} IS NOT NULL) AS types FROM {table}) AS s"
    ).format(geom=sql.Identifier(geometry_column), table=sql.Identifier(schema, table))
    with connection.cursor() as cursor:
        cursor.execute(query)
        xmin, ymin, xmax, ymax, count, types = cursor.fetchone()
    extent = None if xmin is None else [xmin, ymin, xmax, ymax]
    kinds = sorted(types or [])
    return Summary(extent=extent, count=count, geometry_type=kinds[0] if len(kinds) == 1 else "GEOMETRY")


def install_version_trigger(schema: str, table: str) -> None:
    """Make every write to the table (rows or TRUNCATE) bump the data_version of the layers served from it."""
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL(
                "CREATE OR REPLACE TRIGGER {trigger} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            ).format(
                trigger=sql.Identifier(VERSION_TRIGGER),
                table=sql.Identifier(schema, table),
                function=sql.Identifier("public", VERSION_FUNCTION),
            )
        )


def has_version_trigger(schema: str, table: str) -> bool:
    """Whether the table carries the data_version trigger."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND c.relname = %s AND t.tgname = %s",
            [schema, table, VERSION_TRIGGER],
        )
        return cursor.fetchone() is not None
