"""Operational endpoints."""

import logging

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

Check = dict[str, object]


def _server_version() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version')")
        (version,) = cursor.fetchone()
    return {"ok": True, "version": version}


def _postgis_version() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")
        if cursor.fetchone() is None:
            return {"ok": False, "error": "extension postgis is not installed in this database"}
        cursor.execute("SELECT postgis_lib_version()")
        (version,) = cursor.fetchone()
    return {"ok": True, "version": version}


def _migrations() -> Check:
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return {"ok": not pending, "pending": len(pending)}


def _checks() -> dict[str, Check]:
    """Run the checks in order; a database error stops them and is reported, not raised."""
    try:
        return {"database": _server_version(), "postgis": _postgis_version(), "migrations": _migrations()}
    except DatabaseError as exc:
        # The driver's text names hosts and users; it goes to the log, the public answer names only the kind.
        logger.warning("Health check failed: database error", extra={"error": str(exc).strip()})
        return {"database": {"ok": False, "error": type(exc).__name__}}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Report database, PostGIS and migration health; 503 when any is not ok."""
    checks = _checks()
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unhealthy", **checks}, status=200 if healthy else 503)
