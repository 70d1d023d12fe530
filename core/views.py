"""Operational endpoints."""

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.models import WorkerHeartbeat

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


def _notifications() -> Check:
    """Audiences nobody can receive: a warning, not a failure (the site works; the notices are kept undelivered)."""
    from alerts.api import audience_gaps as gaps

    found = gaps()
    return {"ok": True, "warnings": [gap.as_dict() for gap in found]}


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
            checks["notifications"] = _notifications()
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

    Audiences nobody can receive are warnings under "notifications" (the site still serves; a 503 would only get
    the container restarted).
    """
    checks = _checks()
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unhealthy", **checks}, status=200 if healthy else 503)
