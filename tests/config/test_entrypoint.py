"""The container entry point and gunicorn settings, run here without Docker against a real database."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.config.support import (
    BASE_DIR,
    database_url,
    drop_database,
    free_port,
    production_env,
    run,
    scratch_name,
)

_ENTRYPOINT = ["sh", "docker/entrypoint.sh"]
_HEALTHCHECK = [sys.executable, "docker/healthcheck.py"]
_HOST = "ioc.khanhhoa.gov.vn"


def _container_env(**overrides: str | None) -> dict[str, str]:
    # The image puts its python and gunicorn first on PATH; here the project's venv plays that part.
    venv_bin = str(Path(sys.executable).parent)
    return production_env(PATH=f"{venv_bin}{os.pathsep}{os.environ['PATH']}", **overrides)


@pytest.fixture(scope="module")
def migrated_database() -> Iterator[str]:
    """Yield the URL of a database that `entrypoint.sh migrate` created and migrated, then drop it."""
    name = scratch_name("entrypoint")
    try:
        url = database_url(name)
        first = run([*_ENTRYPOINT, "migrate"], _container_env(DATABASE_URL=url), timeout=600)
        assert first.returncode == 0, first.stdout + first.stderr
        assert f"Created database {name}." in first.stdout
        yield url
    finally:
        drop_database(name)


def _wait_healthy(env: dict[str, str], server: subprocess.Popen[bytes]) -> subprocess.CompletedProcess[str]:
    deadline = time.monotonic() + 60
    while True:
        check = run(_HEALTHCHECK, env, timeout=30)
        if check.returncode == 0 or time.monotonic() > deadline or server.poll() is not None:
            return check
        time.sleep(0.5)


def _get(port: int, headers: dict[str, str]) -> tuple[int, dict[str, str]]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers=headers)
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers)


def test_migrate_is_idempotent(migrated_database: str) -> None:
    again = run([*_ENTRYPOINT, "migrate"], _container_env(DATABASE_URL=migrated_database), timeout=600)
    assert again.returncode == 0, again.stderr
    assert "Created database" not in again.stdout
    assert "No migrations to apply." in again.stdout


def test_web_collects_static_files_and_serves_a_healthy_app(migrated_database: str, tmp_path: Path) -> None:
    port = free_port()
    static_root = tmp_path / "static"
    env = _container_env(
        DATABASE_URL=migrated_database,
        DJANGO_STATIC_ROOT=str(static_root),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
    )
    log_path = tmp_path / "web.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [*_ENTRYPOINT, "web"], cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            check = _wait_healthy(env, server)
            assert check.returncode == 0, check.stderr + log_path.read_text(encoding="utf-8")
            # Plain HTTP without nginx's header is sent to HTTPS; with it the app answers.
            status, headers = _get(port, {"Host": _HOST})
            assert (status, headers["Location"]) == (301, f"https://{_HOST}/healthz")
            assert _get(port, {"Host": _HOST, "X-Forwarded-Proto": "https"})[0] == 200
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    assert (static_root / "admin" / "css" / "base.css").is_file()
    lines = [json.loads(line) for line in log_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    messages = [(line["logger"], line["message"]) for line in lines]
    assert ("gunicorn.error", f"Listening at: http://127.0.0.1:{port} ({server.pid})") in messages
    assert ("gunicorn.error", "Shutting down: Master") in messages


def test_healthcheck_fails_when_nothing_answers() -> None:
    check = run(_HEALTHCHECK, _container_env(GUNICORN_BIND=f"127.0.0.1:{free_port()}"), timeout=30)
    assert check.returncode == 1
    assert "/healthz unreachable" in check.stderr


def test_entrypoint_runs_any_other_command_as_given() -> None:
    result = run([*_ENTRYPOINT, "python", "-c", "print('Khánh Hòa')"], _container_env(), timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Khánh Hòa\n"


def test_gunicorn_refuses_a_non_integer_worker_count(tmp_path: Path) -> None:
    env = _container_env(
        GUNICORN_WORKERS="many", GUNICORN_BIND=f"127.0.0.1:{free_port()}", DJANGO_STATIC_ROOT=str(tmp_path)
    )
    result = run([*_ENTRYPOINT, "web"], env, timeout=120)
    assert result.returncode != 0
    assert "GUNICORN_WORKERS='many' is not an integer" in result.stderr
