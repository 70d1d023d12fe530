"""Operational endpoints."""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.health import HEALTH_WARNINGS, HealthWarning
from core.models import WorkerHeartbeat
from core.registry import load_function

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


def _warnings(name: str) -> Check:
    """A registered check's warnings (core.health): never a failure."""
    found: list[HealthWarning] = list(load_function(HEALTH_WARNINGS, name, "health warning")())
    return {"ok": True, "warnings": [warning.as_dict() for warning in found]}


def _workers() -> Check:
    """Each worker's last completed pass; red when one is stale or an expected one never reported."""
    now = timezone.now()
    beats = list(WorkerHeartbeat.objects.all())
    stale = {beat.key for beat in WorkerHeartbeat.objects.stale(now)}
    missing = sorted(set(settings.WORKERS_EXPECTED) - {beat.name for beat in beats})
    workers = {
        beat.key: {
            "last_pass_at": beat.last_pass_at.isoformat(),
            "seconds_ago": int((now - beat.last_pass_at).total_seconds()),
            "stale": beat.key in stale,
        }
        for beat in beats
    }
    return {"ok": not stale and not missing, "workers": workers, "missing": missing}


def _checks() -> dict[str, Check]:
    """Run the checks in order; a database error stops them and is reported, not raised."""
    try:
        checks = {"database": _server_version(), "postgis": _postgis_version(), "migrations": _migrations()}
        if checks["migrations"]["ok"]:
            checks |= {name: _warnings(name) for name in HEALTH_WARNINGS}
            checks["workers"] = _workers()
        return checks
    except DatabaseError as exc:
        # The driver's text names hosts and users; it goes to the log, the public answer names only the kind.
        logger.warning("Health check failed: database error", extra={"error": str(exc).strip()})
        return {"database": {"ok": False, "error": type(exc).__name__}}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Report database, PostGIS, migration and notification health; 503 when any is not ok.

    The registered checks' findings (e.g. audiences nobody can receive, under "notifications") are warnings: the
    site still serves, and a 503 would only get the container restarted.
    """
    checks = _checks()
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unhealthy", **checks}, status=200 if healthy else 503)
