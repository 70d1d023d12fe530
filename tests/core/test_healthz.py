import json
from typing import Any

import pytest
from django.test import Client

from alerts.api import audience_gaps
from core.health import HEALTH_WARNINGS
from tests.config.support import clean_env, database_url, free_port, run_python, scratch_database

# Calls the view in a child process whose DATABASE_URL is the database under test.
_CALL_HEALTHZ = """
import json
import django
django.setup()
from django.test import Client
response = Client().get("/healthz", HTTP_HOST="localhost")
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


def _healthz_against(url: str) -> dict[str, Any]:
    result = run_python(_CALL_HEALTHZ, clean_env(DJANGO_DEBUG="1", DATABASE_URL=url))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db
def test_healthz_reports_database_and_postgis_versions(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["version"].startswith("15")
    assert body["postgis"]["version"].startswith("3.")
    assert body["migrations"] == {"ok": True, "pending": 0}
    assert "no-cache" in response["Cache-Control"]


class ProbeWarning:
    def as_dict(self) -> dict[str, str]:
        return {"probe": "a warning"}


def probe_warnings() -> list[ProbeWarning]:
    """A check registered by the test below, as an app's ready() would."""
    return [ProbeWarning()]


@pytest.mark.django_db
def test_healthz_lists_the_registered_checks_warnings_and_stays_ok(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(HEALTH_WARNINGS, "probe", "tests.core.test_healthz.probe_warnings")

    response = client.get("/healthz")

    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert body["probe"] == {"ok": True, "warnings": [{"probe": "a warning"}]}
    # alerts' own check: the audiences nobody can receive (registered in AlertsConfig.ready)
    assert body["notifications"] == {"ok": True, "warnings": [gap.as_dict() for gap in audience_gaps()]}
    assert body["notifications"]["warnings"], "the empty test database has audiences nobody can receive"


@pytest.mark.django_db
def test_healthz_answers_only_get(client: Client) -> None:
    assert client.post("/healthz").status_code == 405


def test_healthz_is_503_while_migrations_are_pending() -> None:
    with scratch_database("unmigrated") as name:
        answer = _healthz_against(database_url(name))
    assert answer["status"] == 503
    body = answer["body"]
    assert body["status"] == "unhealthy"
    assert body["database"]["ok"] is True
    assert body["postgis"]["ok"] is True
    assert body["migrations"]["ok"] is False
    assert body["migrations"]["pending"] > 0


def test_healthz_is_503_without_the_postgis_extension() -> None:
    with scratch_database("nopostgis", postgis=False) as name:
        answer = _healthz_against(database_url(name))
    assert answer["status"] == 503
    assert answer["body"]["database"]["ok"] is True
    assert answer["body"]["postgis"] == {"ok": False, "error": "extension postgis is not installed in this database"}


def test_healthz_is_503_when_the_database_is_unreachable() -> None:
    answer = _healthz_against(f"postgis://postgres@127.0.0.1:{free_port()}/ioc_unreachable")
    assert answer["status"] == 503
    assert answer["body"] == {"status": "unhealthy", "database": {"ok": False, "error": "OperationalError"}}
