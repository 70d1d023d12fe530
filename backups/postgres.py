"""The PostgreSQL side of backups: the client tools of the server's major version, a dump taken in one snapshot with
per-table figures read in that same snapshot, a scratch database to restore into, and the same figures there.

Figures per table are the row count and an order-independent checksum: the sum of the first 60 bits of the MD5 of
each row's text. Row text is made deterministic by fixing the session's time zone and output styles, so the same
rows give the same checksum in the live database and in a restored copy.
"""

import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg2
from django.conf import settings
from psycopg2 import extensions, sql

from backups.errors import BackupError

type TableFigures = dict[str, dict[str, Any]]

# Session settings that make a row's text the same in every connection (row text feeds the checksums).
STABLE_OUTPUT = (
    "SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'; "
    "SET extra_float_digits = 1; SET bytea_output = 'hex'"
)
# Ordinary and partitioned tables (a partitioned table counts its partitions), not system or temporary ones.
TABLES_SQL = """
SELECT n.nspname, c.relname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relpersistence = 'p'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
ORDER BY 1, 2
"""
FIGURES_SQL = "SELECT count(*), coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0)::text FROM {} t"
TOOL_TIMEOUT_SECONDS = 6 * 3600


@dataclass(frozen=True)
class Conninfo:
    """How to reach the configured database (settings.DATABASES['default'])."""

    name: str
    user: str
    password: str
    host: str
    port: str

    def env(self, dbname: str | None = None) -> dict[str, str]:
        """libpq environment for the client tools: the password never appears on a command line."""
        values = {"PGDATABASE": dbname or self.name, "PGUSER": self.user, "PGHOST": self.host, "PGPORT": self.port}
        if self.password:
            values["PGPASSWORD"] = self.password
        return {key: value for key, value in values.items() if value}

    def connect(self, dbname: str | None = None) -> extensions.connection:
        params = {"dbname": dbname or self.name, "user": self.user, "password": self.password, "host": self.host,
                  "port": self.port, "connect_timeout": 10}  # fmt: skip
        return psycopg2.connect(**{key: value for key, value in params.items() if value})


def conninfo() -> Conninfo:
    """The configured default database."""
    db = settings.DATABASES["default"]
    return Conninfo(
        str(db["NAME"]), str(db.get("USER") or ""), str(db.get("PASSWORD") or ""), str(db.get("HOST") or ""),
        str(db.get("PORT") or ""),
    )  # fmt: skip


def server_major(info: Conninfo) -> int:
    """The major version of the server (15 for 15.x)."""
    with _connection(info) as conn, conn.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        (number,) = cursor.fetchone()
    return int(number) // 10000


def client_tool(name: str, major: int) -> Path:
    """Find pg_dump / pg_restore of the server's major version; BACKUP_PG_BIN_DIR first, then Debian's layout."""
    candidates = []
    if settings.BACKUP_PG_BIN_DIR:
        candidates.append(Path(settings.BACKUP_PG_BIN_DIR) / name)
    candidates.append(Path(f"/usr/lib/postgresql/{major}/bin/{name}"))
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    for candidate in candidates:
        if candidate.is_file() and tool_major(candidate) == major:
            return candidate
    raise BackupError(
        f"No {name} of PostgreSQL {major} (the server's version) was found; install postgresql-client-{major} "
        f"or set BACKUP_PG_BIN_DIR to the folder holding it. Looked at: {', '.join(map(str, candidates))}."
    )


def tool_major(path: Path) -> int | None:
    """The major version a client tool reports ('pg_dump (PostgreSQL) 15.20' -> 15)."""
    # The path is one of our own candidates (settings or Debian's layout), never user input.
    result = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=30, check=False)  # noqa: S603
    match = re.search(r"\(PostgreSQL\)\s+(\d+)", result.stdout)
    return int(match.group(1)) if match else None


@contextmanager
def _connection(info: Conninfo, dbname: str | None = None) -> Iterator[extensions.connection]:
    conn = info.connect(dbname)
    try:
        yield conn
    finally:
        conn.close()


@contextmanager
def exported_snapshot(info: Conninfo) -> Iterator[tuple[str, extensions.cursor]]:
    """Open a read-only repeatable-read transaction and export its snapshot for pg_dump --snapshot."""
    with _connection(info) as conn:
        conn.set_session(isolation_level=extensions.ISOLATION_LEVEL_REPEATABLE_READ, readonly=True)
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot_id,) = cursor.fetchone()
            cursor.execute(STABLE_OUTPUT)
            yield snapshot_id, cursor
        conn.rollback()


def table_figures(cursor: extensions.cursor) -> TableFigures:
    """Row count and checksum of every table the cursor's database holds."""
    cursor.execute(TABLES_SQL)
    figures: TableFigures = {}
    for schema, table in cursor.fetchall():
        cursor.execute(sql.SQL(FIGURES_SQL).format(sql.Identifier(schema, table)))
        rows, checksum = cursor.fetchone()
        figures[f"{schema}.{table}"] = {"rows": rows, "checksum": checksum}
    return figures


def figures_of(info: Conninfo, dbname: str | None = None) -> TableFigures:
    """Figures of a database as committed now (the live one, or a restored scratch copy)."""
    with _connection(info, dbname) as conn:
        conn.set_session(isolation_level=extensions.ISOLATION_LEVEL_REPEATABLE_READ, readonly=True)
        with conn.cursor() as cursor:
            cursor.execute(STABLE_OUTPUT)
            figures = table_figures(cursor)
        conn.rollback()
    return figures


def dump_spatial_ref_sys(cursor: extensions.cursor, target: Path) -> bool:
    """Write every row of PostGIS's spatial_ref_sys as a psql script that upserts them; False without PostGIS.

    pg_dump keeps only the rows PostGIS's extension filter lets through (SRIDs outside the EPSG ranges it ships),
    so the VN-2000 datum shifts gis_core/0002 pins on EPSG:3405/3406 would be lost on restore without this file.
    """
    cursor.execute("SELECT to_regclass('public.spatial_ref_sys') IS NOT NULL")
    (present,) = cursor.fetchone()
    if not present:
        return False
    with target.open("w", encoding="utf-8") as handle:
        handle.write(SPATIAL_REF_SYS_HEAD)
        cursor.copy_expert("COPY (SELECT srid, auth_name, auth_srid, srtext, proj4text FROM public.spatial_ref_sys "
                           "ORDER BY srid) TO STDOUT", handle)  # fmt: skip
        handle.write(SPATIAL_REF_SYS_TAIL)
    return True


SPATIAL_REF_SYS_HEAD = """-- Restores spatial_ref_sys as it was at the backup: psql -v ON_ERROR_STOP=1 -d DB -f FILE
BEGIN;
CREATE TEMP TABLE srs_backup (srid integer, auth_name varchar(256), auth_srid integer, srtext varchar(2048),
                              proj4text varchar(2048)) ON COMMIT DROP;
COPY srs_backup FROM stdin;
"""
SPATIAL_REF_SYS_TAIL = """\\.
INSERT INTO public.spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text)
SELECT srid, auth_name, auth_srid, srtext, proj4text FROM srs_backup
ON CONFLICT (srid) DO UPDATE SET auth_name = EXCLUDED.auth_name, auth_srid = EXCLUDED.auth_srid,
    srtext = EXCLUDED.srtext, proj4text = EXCLUDED.proj4text;
DELETE FROM public.spatial_ref_sys WHERE srid NOT IN (SELECT srid FROM srs_backup);
COMMIT;
"""


def apply_sql(info: Conninfo, script: Path, dbname: str) -> None:
    """Run a psql script (the spatial_ref_sys file) against a database, stopping at the first error."""
    tool = client_tool("psql", server_major(info))
    command = [str(tool), "--no-psqlrc", "--quiet", "-v", "ON_ERROR_STOP=1", "--no-password", "-d", dbname,
               "-f", str(script)]  # fmt: skip
    _run(command, info.env(dbname), "psql")


def dump(info: Conninfo, snapshot_id: str, target: Path) -> None:
    """Write a custom-format dump of the database as the exported snapshot sees it."""
    tool = client_tool("pg_dump", server_major(info))
    command = [str(tool), "--format=custom", f"--snapshot={snapshot_id}", f"--file={target}", "--no-password"]
    _run(command, info.env(), "pg_dump")


def restore(info: Conninfo, dump_path: Path, dbname: str) -> None:
    """Restore a custom-format dump into an empty database; the first error stops it."""
    tool = client_tool("pg_restore", server_major(info))
    command = [str(tool), "--no-owner", "--no-privileges", "--exit-on-error", "--no-password",
               f"--dbname={dbname}", str(dump_path)]  # fmt: skip
    _run(command, info.env(dbname), "pg_restore")


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    base = {"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"}
    try:
        result = subprocess.run(  # noqa: S603  (our client tool, arguments we build, values via env)
            command, env={**base, **env}, capture_output=True, text=True, timeout=TOOL_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired:
        raise BackupError(
            f"{what} did not finish within {TOOL_TIMEOUT_SECONDS // 3600} hours; it was stopped."
        ) from None
    if result.returncode != 0:
        raise BackupError(f"{what} failed (exit {result.returncode}): {result.stderr.strip()[-2000:]}")


def create_database(info: Conninfo, dbname: str) -> None:
    """Create an empty database (from template0) to restore into."""
    with _connection(info, "postgres") as conn:
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(dbname)))


def drop_database(info: Conninfo, dbname: str) -> None:
    """Drop a scratch database, ending its sessions first."""
    with _connection(info, "postgres") as conn:
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname)))
