"""docker-compose.yml, the Dockerfile and nginx.conf describe a valid production deployment with no secret inside."""

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.config.support import BASE_DIR, clean_env, production_env, run, run_python

_COMPOSE = BASE_DIR / "docker-compose.yml"
_DOCKER = BASE_DIR / "docker"
_REQUIRED = {
    "POSTGRES_PASSWORD": "0123456789abcdef0123456789abcdef",
    "DJANGO_SECRET_KEY": "test-only-secret-key-with-more-than-fifty-characters-0123456789",
    "DJANGO_ALLOWED_HOSTS": "ioc.khanhhoa.gov.vn",
    "TLS_CERT_DIR": "/etc/ioc/tls",
    "ALERTS_SITE_URL": "https://ioc.khanhhoa.gov.vn",
    "REDIS_PASSWORD": "redis-test-password-0123456789",
    "MQTT_INGEST_PASSWORD": "mqtt-ingest-test-password-0123",
    "MQTT_DEVICE_PASSWORD": "mqtt-device-test-password-0123",
}
_SECRET_NAME = re.compile(r"SECRET|PASSWORD|TOKEN|_KEY$")


def _compose_command() -> list[str]:
    """Return `docker compose` when the plugin is present, else Debian's docker-compose (v1.29)."""
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True, check=False).returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    if legacy is None:
        pytest.fail("Neither `docker compose` nor `docker-compose` is installed: apt-get install docker-compose")
    return [legacy]


def _compose_config(**env: str | None) -> subprocess.CompletedProcess[str]:
    return run([*_compose_command(), "-f", str(_COMPOSE), "config", "-q"], clean_env(**env), timeout=120)


def _services() -> dict[str, Any]:
    return yaml.safe_load(_COMPOSE.read_text(encoding="utf-8"))["services"]


def test_compose_file_is_valid_with_the_required_variables() -> None:
    result = _compose_config(**_REQUIRED)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("missing", sorted(_REQUIRED))
def test_compose_refuses_to_run_without_a_required_variable(missing: str) -> None:
    result = _compose_config(**(_REQUIRED | {missing: None}))
    assert result.returncode != 0
    assert f"set {missing}" in result.stderr


def test_compose_defines_the_production_services() -> None:
    services = _services()
    assert set(services) == {"db", "pgbouncer", "redis", "migrate", "web", "worker", "tasks", "mqtt", "iot", "nginx"}
    assert services["db"]["build"] == {"context": ".", "dockerfile": "docker/db.Dockerfile"}
    db_image = (BASE_DIR / "docker/db.Dockerfile").read_text()
    assert "FROM postgis/postgis:15-3.3" in db_image and "postgresql-15-pgrouting" in db_image
    assert services["redis"]["image"] == "redis:7"
    assert services["nginx"]["image"] == "nginx:1.27"
    for name in ("migrate", "web", "worker"):
        assert services[name]["build"] == {"context": ".", "dockerfile": "docker/Dockerfile"}
    assert services["migrate"]["command"] == ["migrate"]
    assert services["web"]["command"] == ["web"]
    assert services["worker"]["command"] == ["python", "manage.py", "alerts_worker"]
    assert services["iot"]["command"] == ["python", "manage.py", "iot_ingest"]
    # Feeds, pulls, reports and backups run apart, so a hanging feed never delays a deadline.
    assert services["tasks"]["command"] == ["python", "manage.py", "tasks_worker"]


def test_services_wait_for_health_and_for_migrations() -> None:
    services = _services()
    for name in ("db", "redis", "web"):
        assert services[name]["healthcheck"]["test"], name
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert services[name]["depends_on"]["redis"] == {"condition": "service_healthy"}
    assert services["nginx"]["depends_on"] == {"web": {"condition": "service_healthy"}}


def test_app_containers_run_in_production_mode_with_json_logs() -> None:
    for name in ("migrate", "web", "worker"):
        env = _services()[name]["environment"]
        assert env["DJANGO_DEBUG"] == "0"
        assert env["LOG_FORMAT"] == "json"
        assert (
            env["REDIS_URL"] == "redis://:${REDIS_PASSWORD:?set REDIS_PASSWORD in the environment or .env}@redis:6379/0"
        )
        assert env["GUNICORN_WORKERS"] == "${GUNICORN_WORKERS:-3}"


def test_web_and_workers_reach_postgresql_through_pgbouncer_in_transaction_pooling() -> None:
    services = _services()
    for name in ("web", "worker", "iot"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].endswith("@pgbouncer:6432/ioc") and env["DATABASE_POOLER"] == "pgbouncer", name
        assert services[name]["depends_on"]["pgbouncer"] == {"condition": "service_healthy"}
    # Migrations and backups (exported snapshots, an advisory lock) need a session of their own.
    for name in ("migrate", "tasks"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].endswith("@db:5432/ioc") and env["DATABASE_POOLER"] == "none", name
    pgbouncer = services["pgbouncer"]
    assert pgbouncer["build"] == {"context": ".", "dockerfile": "docker/pgbouncer.Dockerfile"}
    assert pgbouncer["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert "apt-get install -y --no-install-recommends pgbouncer" in (_DOCKER / "pgbouncer.Dockerfile").read_text()
    ini = (_DOCKER / "pgbouncer.ini").read_text(encoding="utf-8")
    assert re.search(r"^pool_mode = transaction$", ini, re.MULTILINE)
    assert re.search(r"^ioc = host=db port=5432 dbname=ioc$", ini, re.MULTILINE)
    assert "POSTGRES_PASSWORD" not in ini  # the account file is written at start from the environment


def test_the_settings_disable_server_side_cursors_behind_pgbouncer() -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['DISABLE_SERVER_SIDE_CURSORS'])"
    )
    assert run_python(code, production_env(DATABASE_POOLER="pgbouncer")).stdout.strip() == "True"
    assert run_python(code, production_env()).stdout.strip() == "False"


def test_no_secret_is_written_in_the_compose_file() -> None:
    for name, service in _services().items():
        for key, value in (service.get("environment") or {}).items():
            if _SECRET_NAME.search(key):
                # A required variable of the environment (its own name, or the secret it shares: IOT_MQTT_PASSWORD is
                # the broker's MQTT_INGEST_PASSWORD), never a literal.
                assert re.fullmatch(r"\$\{[A-Z_]+:\?[^}]+\}", value), f"{name}.{key} must be ${{VARIABLE:?...}}"
        url = (service.get("environment") or {}).get("DATABASE_URL", "")
        if url:
            pattern = r"postgis://ioc:\$\{POSTGRES_PASSWORD:\?[^}]+\}@(db:5432|pgbouncer:6432)/ioc"
            assert re.fullmatch(pattern, url), name


def test_only_nginx_publishes_ports() -> None:
    assert [name for name, service in _services().items() if "ports" in service] == ["nginx"]


def test_nginx_serves_static_files_and_passes_the_scheme_to_the_app() -> None:
    conf = (_DOCKER / "nginx.conf").read_text(encoding="utf-8")
    assert re.search(r"location /static/ \{\s*alias /srv/static/;", conf)
    assert "proxy_pass http://ioc_web;" in conf
    assert "server web:8000;" in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    # Overwritten with the peer address: a client must not choose the address that login throttling sees.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf
    nginx = _services()["nginx"]
    assert "static:/srv/static:ro" in nginx["volumes"]
    assert "static:/srv/static" in _services()["web"]["volumes"]


def test_dockerfile_builds_from_python_312_slim_and_installs_the_pinned_requirements() -> None:
    dockerfile = (_DOCKER / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.12-slim-bookworm$", dockerfile, re.MULTILINE)
    assert "RUN pip install -r requirements.txt" in dockerfile
    assert re.search(r"^USER ioc$", dockerfile, re.MULTILINE)
    assert 'ENTRYPOINT ["sh", "/app/docker/entrypoint.sh"]' in dockerfile


def test_everything_the_dockerfile_copies_is_in_the_build_context() -> None:
    ignored = [line for line in (BASE_DIR / ".dockerignore").read_text().splitlines() if line and line[0] != "#"]
    dockerfile = (_DOCKER / "Dockerfile").read_text(encoding="utf-8")
    sources = [
        source
        for line in dockerfile.splitlines()
        if line.startswith("COPY ") and "--from=" not in line
        for source in line.split()[1:-1]
    ]
    assert sources
    for source in sources:
        assert (BASE_DIR / source).exists(), source
        assert not any(Path(source).match(pattern.rstrip("/")) for pattern in ignored), source


def test_build_context_leaves_out_secrets_and_local_environments() -> None:
    ignored = set((BASE_DIR / ".dockerignore").read_text().splitlines())
    assert {".env", ".env.*", ".git/", ".venv/", "node_modules/", "docker/certs/"} <= ignored


def test_redis_and_the_mqtt_broker_refuse_clients_without_credentials() -> None:
    services = _services()
    assert "--requirepass" in " ".join(services["redis"]["command"])
    assert "REDIS_PASSWORD" in " ".join(services["redis"]["healthcheck"]["test"])
    mosquitto = (_DOCKER / "mosquitto.conf").read_text(encoding="utf-8")
    assert re.search(r"^allow_anonymous false$", mosquitto, re.MULTILINE)
    assert re.search(r"^password_file ", mosquitto, re.MULTILINE) and re.search(r"^acl_file ", mosquitto, re.MULTILINE)
    start = " ".join(services["mqtt"]["command"])
    assert "mosquitto_passwd -c -b /mosquitto/data/passwd ingest" in start and "passwd device" in start
    app = services["iot"]["environment"]
    assert app["IOT_MQTT_USERNAME"] == "ingest" and "MQTT_INGEST_PASSWORD" in app["IOT_MQTT_PASSWORD"]
    acl = (_DOCKER / "mosquitto.acl").read_text(encoding="utf-8")
    assert "user device\ntopic write ioc/sensors/+/readings" in acl


def test_nginx_limits_match_the_app_and_sign_in_and_reports_are_rate_limited() -> None:
    from django.conf import settings

    conf = (_DOCKER / "nginx.conf").read_text(encoding="utf-8")
    body = re.search(r"client_max_body_size (\d+)m;", conf)
    assert body and int(body[1]) * 1024 * 1024 == settings.LAYERS_UPLOAD_MAX_BYTES
    gunicorn = re.search(r'GUNICORN_TIMEOUT", (\d+)', (_DOCKER / "gunicorn.conf.py").read_text(encoding="utf-8"))
    assert gunicorn and f"proxy_read_timeout {gunicorn[1]}s;" in conf
    assert re.search(r"location = /accounts/login/ \{\s*limit_req zone=ioc_signin", conf)
    for path in ("/open311/", "/field-reports/"):
        assert re.search(rf"location {path} \{{\s*limit_req zone=ioc_reports", conf), path
