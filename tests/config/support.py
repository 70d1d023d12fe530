"""Helpers for tests that run the project in a child process under a chosen environment."""

import os
import secrets
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg2
from django.conf import settings
from psycopg2 import sql

BASE_DIR = Path(__file__).resolve().parents[2]
# Variables the project reads; a child starts without them so each test states exactly what it sets.
_PROJECT_VARIABLES = (
    "DJANGO_",
    "DATABASE_",
    "LOG_",
    "REDIS_URL",
    "ALERTS_SITE_URL",
    "GDAL_LIBRARY_PATH",
    "PROJ_DATA",
    "GUNICORN_",
)


def clean_env(**overrides: str | None) -> dict[str, str]:
    """Return os.environ without the project's variables, plus overrides (None removes a variable)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(_PROJECT_VARIABLES)}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    if "DATABASE_URL" in os.environ:
        env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def production_env(**overrides: str | None) -> dict[str, str]:
    """Return a production-like environment: debug off, a strong secret key, the public host name."""
    base: dict[str, str | None] = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "ioc.khanhhoa.gov.vn",
    }
    return clean_env(**(base | overrides))


def run_python(code: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run Python code in a child process from the project root."""
    return run([sys.executable, "-c", code], env, timeout)


def run_manage(args: list[str], env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run manage.py with arguments in a child process."""
    return run([sys.executable, "manage.py", *args], env, timeout)


def run(command: list[str], env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run a command from the project root and capture its text output."""
    return subprocess.run(
        command, cwd=BASE_DIR, env=env, capture_output=True, text=True, encoding="utf-8", timeout=timeout, check=False
    )


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 where nothing listens right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _admin_connection() -> psycopg2.extensions.connection:
    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname="postgres", host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"] or None
    )
    conn.autocommit = True
    return conn


def database_url(name: str) -> str:
    """Return a DATABASE_URL for database `name` on the test server."""
    db = settings.DATABASES["default"]
    return f"postgis://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"


def drop_database(name: str) -> None:
    """Drop database `name` if it exists, ending its sessions."""
    conn = _admin_connection()
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    finally:
        conn.close()


def scratch_name(purpose: str) -> str:
    """Return a database name unique to this run, derived from the test database's name."""
    return f"{settings.DATABASES['default']['NAME']}_{purpose}_{uuid.uuid4().hex[:8]}"[:63]


@contextmanager
def scratch_database(purpose: str, *, postgis: bool = True) -> Iterator[str]:
    """Create an empty database (with PostGIS unless told otherwise), yield its name, then drop it."""
    name = scratch_name(purpose)
    conn = _admin_connection()
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        conn.close()
    try:
        if postgis:
            db = psycopg2.connect(database_url(name).replace("postgis://", "postgresql://"))
            try:
                with db, db.cursor() as cursor:
                    cursor.execute("CREATE EXTENSION postgis")
            finally:
                db.close()
        yield name
    finally:
        drop_database(name)
