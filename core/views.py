"""Operational endpoints."""

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database_status() -> dict[str, object]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version'), postgis_lib_version()")
        pg_version, postgis_version = cursor.fetchone()
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return {
        "database": {"ok": True, "version": pg_version},
        "postgis": {"ok": True, "version": postgis_version},
        "migrations": {"ok": not pending, "pending": len(pending)},
    }


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Report database, PostGIS and migration health; 503 when any is not ok."""
    try:
        checks = _database_status()
    except DatabaseError as exc:
        checks = {"database": {"ok": False, "error": str(exc).strip()}}
    healthy = all(part["ok"] for part in checks.values())  # type: ignore[index]
    return JsonResponse({"status": "ok" if healthy else "unhealthy", **checks}, status=200 if healthy else 503)
