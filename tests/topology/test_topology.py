"""Past one machine: PgBouncer, a streaming replica, two gunicorn nodes and two alerts workers on this machine.

Heavy (two PostgreSQL clusters, migrations, six processes): it runs under `make topology` (IOC_TOPOLOGY=1) and in CI.
"""

import json
import os
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import pytest

from config.db_router import PIN_COOKIE

pytestmark = pytest.mark.skipif(
    os.environ.get("IOC_TOPOLOGY") != "1", reason="brings up two clusters, PgBouncer and six processes: `make topology`"
)

BASE = Path(__file__).resolve().parents[2]
PY = str(BASE / ".venv" / "bin" / "python")
PRIMARY, REPLICA, POOLER, REDIS = 5441, 5442, 6441, 6392
NODES = (8641, 8642)
DB = "ioc_topo"
PASSWORD = "topology-pass-0123"
ALERTS = 300
WAIT = 120


@dataclass
class Topology:
    env: dict[str, str]
    nodes: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)


def _psql(port: int, query: str, database: str = DB) -> str:
    result = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", database, "-Atqc", query],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return result.stdout.strip()


def _django(env: dict[str, str], code: str) -> str:
    """Run Python in the app's settings against the primary itself (as an administrator's shell would)."""
    direct = env | {"DATABASE_URL": f"postgis://postgres@127.0.0.1:{PRIMARY}/{DB}", "DATABASE_POOLER": "none"}
    result = subprocess.run(
        [PY, "manage.py", "shell", "-c", code], cwd=BASE, env=direct, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def _wait_for(condition: Any, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"waited {WAIT} s: {what}")


def _get(port: int, path: str, opener: urllib.request.OpenerDirector | None = None) -> tuple[int, str]:
    try:
        with (opener or urllib.request.build_opener()).open(f"http://127.0.0.1:{port}{path}", timeout=30) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError:
        return 0, ""


def _start_node(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [str(BASE / ".venv/bin/gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--timeout", "60"]
    return subprocess.Popen(command, cwd=BASE, env=env, start_new_session=True)


def _start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [PY, "manage.py", "alerts_worker", "--interval", "0.5", "--batch", "1"]
    return subprocess.Popen(command, cwd=BASE, env=env, start_new_session=True)


@pytest.fixture(scope="module")
def topology() -> Iterator[Topology]:
    """Clusters, PgBouncer and Redis up, the database migrated, two web nodes and two workers running."""
    subprocess.run([str(BASE / "scripts/topology.sh"), "up"], check=True, timeout=300)
    redis = subprocess.Popen(
        ["redis-server", "--port", str(REDIS), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_", "REDIS_"))}
    env |= {
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"postgis://postgres@127.0.0.1:{POOLER}/{DB}",
        "DATABASE_POOLER": "pgbouncer",
        "DATABASE_REPLICA_URLS": f"postgis://postgres@127.0.0.1:{REPLICA}/{DB}",
        "DATABASE_READ_YOUR_WRITES_SECONDS": "30",
        "REDIS_URL": f"redis://127.0.0.1:{REDIS}/0",
        "REQUIRE_2FA": "0",
    }
    topology = Topology(env)
    try:
        direct = env | {"DATABASE_URL": f"postgis://postgres@127.0.0.1:{PRIMARY}/{DB}", "DATABASE_POOLER": "none"}
        for step in (["ensure_database"], ["migrate", "--noinput", "-v0"]):
            subprocess.run([PY, "manage.py", *step], cwd=BASE, env=direct, check=True, timeout=900)
        topology.nodes = {port: _start_node(port, env) for port in NODES}
        topology.workers = [_start_worker(env), _start_worker(env)]
        for port in NODES:
            _wait_for(lambda port=port: _get(port, "/api/v1/me")[0] in (401, 403), f"web node {port} answers")
        yield topology
    finally:
        for process in [*topology.nodes.values(), *topology.workers]:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(30)
        redis.terminate()
        redis.wait(30)
        subprocess.run([str(BASE / "scripts/topology.sh"), "down"], check=False, timeout=300)


def _signed_in(port: int, opener: urllib.request.OpenerDirector, jar: CookieJar, username: str) -> bool:
    status, body = _get(port, "/api/v1/me", opener)
    return status == 200 and json.loads(body)["username"] == username


def _drop_pin(jar: CookieJar) -> None:
    for cookie in list(jar):
        if cookie.name == PIN_COOKIE:
            jar.clear(cookie.domain, cookie.path, cookie.name)


def test_writes_go_to_the_primary_reads_to_the_replica_and_a_writer_reads_its_own_writes(topology: Topology) -> None:
    assert _psql(REPLICA, "SELECT pg_is_in_recovery()") == "t"
    # Replay paused: whatever is written now exists on the primary only, so a read tells which server answered it.
    _psql(REPLICA, "SELECT pg_wal_replay_pause()")
    try:
        _django(
            topology.env,
            "from accounts.models import Role, User; "
            f"User.objects.create_user(username='topo-viewer', password='{PASSWORD}', role=Role.VIEWER)",
        )
        assert _psql(PRIMARY, "SELECT count(*) FROM accounts_user WHERE username = 'topo-viewer'") == "1"
        assert _psql(REPLICA, "SELECT count(*) FROM accounts_user WHERE username = 'topo-viewer'") == "0"

        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        first, second = NODES
        status, page = _get(first, "/accounts/login/", opener)
        assert status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token
        form = f"csrfmiddlewaretoken={token[1]}&username=topo-viewer&password={PASSWORD}".encode()
        request = urllib.request.Request(f"http://127.0.0.1:{first}/accounts/login/", data=form)
        request.add_header("Referer", f"http://127.0.0.1:{first}/accounts/login/")
        with opener.open(request, timeout=30) as answer:  # the sign-in wrote last_login on the primary
            assert answer.status == 200
        assert {cookie.name for cookie in jar} >= {"sessionid", PIN_COOKIE}
        assert _psql(PRIMARY, "SELECT last_login IS NOT NULL FROM accounts_user WHERE username = 'topo-viewer'") == "t"

        # The other node knows the session (Redis) and, pinned to the primary, finds the account written a moment ago.
        assert _signed_in(second, opener, jar, "topo-viewer")
        # Without the pin the same read goes to the replica, which has not replayed the account yet.
        _drop_pin(jar)
        assert _get(second, "/api/v1/me", opener)[0] in (401, 403)
    finally:
        _psql(REPLICA, "SELECT pg_wal_replay_resume()")
    _wait_for(lambda: _signed_in(second, opener, jar, "topo-viewer"), "the replica catches up after replay resumes")


def test_tiles_and_ogc_reads_run_on_the_replica(topology: Topology) -> None:
    before = _psql(REPLICA, "SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) FROM pg_stat_user_tables "
                   "WHERE relname = 'layers_layer'")  # fmt: skip
    for port in NODES:
        for _ in range(5):
            assert _get(port, "/tiles/no-such-layer/3/6/3.mvt")[0] == 404
            assert _get(port, "/ogc/collections/no-such-layer/items?f=json")[0] == 404

    def counted() -> bool:
        after = _psql(REPLICA, "SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) FROM pg_stat_user_tables "
                      "WHERE relname = 'layers_layer'")  # fmt: skip
        return int(after) > int(before)

    _wait_for(counted, "the layer look-ups of tile and OGC requests are counted on the replica")


def test_no_alert_is_handled_twice_or_lost_when_a_node_and_a_worker_are_killed(topology: Topology) -> None:
    stop = threading.Event()
    answered = {port: 0 for port in NODES}

    def load() -> None:  # read traffic on both nodes all along
        while not stop.is_set():
            for port in NODES:
                if _get(port, "/api/v1/layers")[0] == 200:
                    answered[port] += 1

    threads = [threading.Thread(target=load, daemon=True) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        # Raised at a past instant, so every verification deadline is already overdue for the real-time workers.
        _django(
            topology.env,
            "import time_machine\n"
            "from django.db import transaction\n"
            "from tests.alerts.conftest import START\n"
            "from tests.alerts.world import build_world\n"
            "time_machine.travel(START, tick=False).start()  # this shell only; the workers keep real time\n"
            "with transaction.atomic():  # all at once, so the kills land while most are still due\n"
            f"    world = build_world(); [world.alert() for _ in range({ALERTS})]\n",
        )
        overdue = "SELECT count(*) FROM alerts_alertevent WHERE kind = 'overdue'"
        _wait_for(lambda: int(_psql(PRIMARY, overdue)) >= 5, "the workers start on the overdue alerts")
        killed_node, killed_worker = topology.nodes[NODES[0]], topology.workers[0]
        os.killpg(killed_node.pid, signal.SIGKILL)
        os.killpg(killed_worker.pid, signal.SIGKILL)
        assert int(_psql(PRIMARY, overdue)) < ALERTS, "killed too late to prove anything"
        _wait_for(lambda: int(_psql(PRIMARY, overdue)) >= ALERTS, "the surviving worker handles the rest")
        time.sleep(2)  # a second handling, if there were one, would land now
        served_after_kill = answered[NODES[1]]
        _wait_for(lambda: answered[NODES[1]] > served_after_kill, "the surviving node keeps answering")
    finally:
        stop.set()
        for thread in threads:
            thread.join(60)
    per_alert = _psql(
        PRIMARY,
        "SELECT count(*), min(n), max(n) FROM (SELECT a.id, count(e.id) AS n FROM alerts_alert a "
        "LEFT JOIN alerts_alertevent e ON e.alert_id = a.id AND e.kind = 'overdue' GROUP BY a.id) per_alert",
    )
    assert per_alert == f"{ALERTS}|1|1"  # every alert overdue exactly once: none lost, none twice
