"""The database router: read-only requests read from replicas, writes go to the primary, a writer reads its writes."""

import time
from pathlib import Path
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from config.db_router import PIN_COOKIE, PrimaryReplicaRouter, ReadYourWritesMiddleware, read_alias, replica_reads
from config.env import env_database_list
from core.db import read_connection
from layers.importing import import_layer
from layers.models import Layer
from tests.config.support import production_env, run_python
from tests.layers import data
from tests.tiles.conftest import HOST, grid_records, publish, tile_of

MIRROR = "replica_mirror"
# Declared before the test databases are set up, so pytest-django points it at the test database (TEST MIRROR).
connections.settings.setdefault(MIRROR, dict(connections[DEFAULT_DB_ALIAS].settings_dict, TEST={"MIRROR": "default"}))
WITH_MIRROR = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, MIRROR])


def _seen_alias(request: HttpRequest) -> HttpResponse:
    """A view that answers with the alias its reads would use."""
    return HttpResponse(read_alias())


def _through_middleware(method: str, **cookies: str) -> HttpResponse:
    request = getattr(RequestFactory(), method)("/")
    request.COOKIES.update(cookies)
    return ReadYourWritesMiddleware(_seen_alias)(request)


@pytest.fixture
def two_replicas(settings: Any) -> list[str]:
    settings.DATABASE_REPLICAS = ["replica1", "replica2"]
    settings.DATABASE_READ_YOUR_WRITES_SECONDS = 5
    return settings.DATABASE_REPLICAS


@pytest.fixture
def mirror(settings: Any) -> str:
    """A second connection to the test database as the one replica (it sees committed data only, as a replica)."""
    settings.DATABASE_REPLICAS = [MIRROR]
    return MIRROR


@pytest.fixture
def grid(mirror: str, tmp_path: Path) -> Layer:
    """The tiles tests' grid of squares over Nha Trang, committed, as a public layer."""
    layer = import_layer(data.write(tmp_path / "o-vuong.gpkg", grid_records()), "o-vuong").layer
    return publish(layer, tile_attributes={"ten": 0}, published_ogc=True)


def test_without_replicas_every_read_uses_the_primary(settings: Any) -> None:
    settings.DATABASE_REPLICAS = []
    with replica_reads():
        assert read_alias() == DEFAULT_DB_ALIAS
    assert _through_middleware("get").content == b"default"
    assert PIN_COOKIE not in _through_middleware("post").cookies


def test_reads_outside_a_read_only_request_use_the_primary(two_replicas: list[str]) -> None:
    assert read_alias() == DEFAULT_DB_ALIAS  # workers, commands, shells
    with replica_reads(False):
        assert read_alias() == DEFAULT_DB_ALIAS


def test_read_only_requests_read_from_the_replicas_in_turn(two_replicas: list[str]) -> None:
    with replica_reads():
        seen = [read_alias() for _ in range(4)]
    assert set(seen) == {"replica1", "replica2"}
    assert seen[0] != seen[1] and seen[0] == seen[2]
    assert _through_middleware("get").content.decode() in two_replicas
    assert _through_middleware("head").content.decode() in two_replicas


def test_writes_and_migrations_go_to_the_primary_only(two_replicas: list[str]) -> None:
    router = PrimaryReplicaRouter()
    with replica_reads():
        assert router.db_for_write(Layer) == DEFAULT_DB_ALIAS
        assert router.db_for_read(Layer) in two_replicas
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "layers")
    assert not router.allow_migrate("replica1", "layers")


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_an_unsafe_request_reads_from_the_primary_and_pins_the_caller(two_replicas: list[str], method: str) -> None:
    response = _through_middleware(method)
    assert response.content == b"default"
    pin = response.cookies[PIN_COOKIE]
    assert pin["max-age"] == 5 and pin["httponly"] and pin["samesite"] == "Lax"
    assert time.time() + 4 < float(pin.value) <= time.time() + 5.01


def test_a_pinned_caller_reads_from_the_primary_until_the_pin_expires(two_replicas: list[str]) -> None:
    assert _through_middleware("get", **{PIN_COOKIE: f"{time.time() + 5}"}).content == b"default"
    assert _through_middleware("get", **{PIN_COOKIE: f"{time.time() - 1}"}).content.decode() in two_replicas
    # A forged or garbled pin changes nothing but where that caller reads from.
    assert _through_middleware("get", **{PIN_COOKIE: "soon"}).content.decode() in two_replicas


@WITH_MIRROR
def test_reads_inside_a_transaction_on_the_primary_stay_there(mirror: str) -> None:
    from django.db import transaction

    with replica_reads():
        assert read_alias() == mirror
        with transaction.atomic():
            assert read_alias() == DEFAULT_DB_ALIAS  # what this transaction wrote is not on any replica yet


@WITH_MIRROR
def test_orm_and_raw_reads_of_a_read_only_request_use_the_replica_connection(mirror: str) -> None:
    with replica_reads():
        assert read_connection().alias == mirror
        assert Layer.objects.all().db == mirror
        with read_connection().cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (replica_pid,) = cursor.fetchone()
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != replica_pid  # two connections, as to two servers


@WITH_MIRROR
def test_tiles_and_ogc_items_are_read_from_the_replica(mirror: str, grid: Layer, client: Any) -> None:
    x, y = tile_of(109.2, 12.25, 10)
    with CaptureQueriesContext(connections[mirror]) as on_replica:
        assert client.get(f"/tiles/{grid.slug}/10/{x}/{y}.mvt", **HOST).status_code in (200, 204)
        items = client.get(f"/ogc/collections/{grid.slug}/items?f=json&limit=3&bbox=108,11,110,13", **HOST)
        assert items.status_code == 200
    sql = " ".join(query["sql"] for query in on_replica.captured_queries)
    assert "ST_AsMVT" in sql
    assert "LIMIT 4" in sql or "OFFSET" in sql  # the items page (one row more than the limit)


def test_replica_urls_from_the_environment_become_mirrored_aliases() -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASE_REPLICAS, [(s.DATABASES[a]['PORT'], s.DATABASES[a]['TEST']['MIRROR'], "
        "s.DATABASES[a]['DISABLE_SERVER_SIDE_CURSORS']) for a in s.DATABASE_REPLICAS])"
    )
    urls = "postgis://ioc@10.0.0.2:5432/ioc, postgis://ioc@10.0.0.3:5433/ioc"
    result = run_python(code, production_env(DATABASE_REPLICA_URLS=urls, DATABASE_POOLER="pgbouncer"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("['replica1', 'replica2'] [(5432, 'default', True), (5433, 'default', True)]")


def test_a_bad_replica_url_stops_start_up_with_its_name(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.setenv("DATABASE_REPLICA_URLS", "postgis://ioc@10.0.0.2:5432/")
    with pytest.raises(ImproperlyConfigured, match=r"DATABASE_REPLICA_URLS: .* names no database"):
        env_database_list("DATABASE_REPLICA_URLS")
    monkeypatch.setenv("DATABASE_POOLER", "pgbouncr")
    result = run_python("import django; django.setup()", production_env(DATABASE_POOLER="pgbouncr"))
    assert "DATABASE_POOLER='pgbouncr'; use one of none, pgbouncer" in result.stderr
