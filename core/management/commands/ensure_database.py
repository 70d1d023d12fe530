"""Create the configured database and its PostGIS extension when they are missing."""

from typing import Any

import psycopg2
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from psycopg2 import sql


class Command(BaseCommand):
    help = "Create the database named in DATABASE_URL and the postgis extension, if missing."

    def handle(self, *args: Any, **options: Any) -> None:
        db = settings.DATABASES["default"]
        params = {
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
            "user": db.get("USER") or None,
            "password": db.get("PASSWORD") or None,
        }
        try:
            self._create_database(db["NAME"], params)
            with psycopg2.connect(dbname=db["NAME"], **params) as conn, conn.cursor() as cursor:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        except psycopg2.Error as exc:
            raise CommandError(
                f"Cannot prepare database {db['NAME']!r} on {params['host']}:{params['port']}: {exc}".strip()
                + "\nCheck DATABASE_URL and that PostgreSQL 15 with PostGIS 3 is installed and running."
            ) from exc

    def _create_database(self, name: str, params: dict[str, Any]) -> None:
        conn = psycopg2.connect(dbname="postgres", **params)
        conn.autocommit = True
        try:
            with conn.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
                if cursor.fetchone() is None:
                    cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                    self.stdout.write(f"Created database {name}.")
        finally:
            conn.close()
