import pytest
from django.test import Client


@pytest.mark.django_db
def test_healthz_reports_database_and_postgis_versions(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["version"].startswith("15")
    assert body["postgis"]["version"].startswith("3.")
    assert body["migrations"] == {"ok": True, "pending": 0}
