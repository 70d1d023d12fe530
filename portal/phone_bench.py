"""The home page on a phone: bytes transferred and time to the first map tile, served as in production.

A gunicorn child process with DEBUG off (fingerprinted, precompressed static files from collectstatic, compressed
responses) serves a database that already holds the demo province; Debian's Chromium, driven by Playwright,
opens the page under emulated phone conditions (Chrome DevTools Protocol: 150 ms latency, 1.6 Mbps down, CPU four
times slower). Used by `manage.py bench_phone` (bench/run.sh) and tests/portal/test_phone_weight_browser.py.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.conf import settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = Path("/usr/bin/chromium")
# Headless, and no host but this one resolves: the page must work offline.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]  # fmt: skip
HOST = "127.0.0.1"
TILE_PATTERN = r"/tiles/.+\.(mvt|png)(\?|$)"
# Variables of the project a child must not inherit: it runs with exactly the production settings set below.
_PROJECT_VARIABLES = ("DJANGO_", "LOG_", "GUNICORN_", "TILES_")


@dataclass(frozen=True)
class PhoneProfile:
    """Network and CPU of a mid-range phone on a slow mobile connection, and its screen."""

    latency_ms: int = 150
    download_kbps: int = 1600
    upload_kbps: int = 750
    cpu_slowdown: int = 4
    width: int = 390
    height: int = 844

    def describe(self) -> str:
        """The profile in words, for the benchmark's output."""
        return (
            f"{self.width}x{self.height}, {self.latency_ms} ms latency, {self.download_kbps / 1000:g} Mbps down, "
            f"{self.upload_kbps / 1000:g} Mbps up, CPU {self.cpu_slowdown}x slower"
        )


@dataclass
class PhoneMeasurement:
    """What a phone transferred for the home page until the network was quiet, and when its first tile arrived."""

    transferred_bytes: int
    first_tile_ms: float
    requests: list[tuple[str, int, str]] = field(default_factory=list)  # path, bytes on the wire, content encoding
    remote: list[str] = field(default_factory=list)  # requests to anywhere but 127.0.0.1 (there must be none)
    cache_control: dict[str, str] = field(default_factory=dict)  # path -> Cache-Control of its response

    @property
    def transferred_kb(self) -> float:
        return self.transferred_bytes / 1000

    def report(self) -> str:
        """Both figures and the heaviest requests, one per line."""
        lines = [
            f"home page transferred: {self.transferred_kb:.0f} KB in {len(self.requests)} requests",
            f"first map tile: {self.first_tile_ms / 1000:.2f} s after navigation start",
        ]
        for path, size, encoding in sorted(self.requests, key=lambda row: -row[1])[:8]:
            lines.append(f"  {size / 1000:7.1f} KB  {encoding or 'identity':8}  {path}")
        return "\n".join(lines)


def free_port() -> int:
    """A TCP port on 127.0.0.1 where nothing listens right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def production_env(database_url: str, static_root: Path, **extra: str) -> dict[str, str]:
    """The environment of a production server on 127.0.0.1 (plain HTTP: no TLS redirect) over a database."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(_PROJECT_VARIABLES)}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(static_root),
        DATABASE_URL=database_url,
        LOG_FORMAT="text",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def database_url(alias: str = "default") -> str:
    """The URL of a configured database (under pytest, the test database), for the child server."""
    db = settings.DATABASES[alias]
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgis://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def collect_static(env: dict[str, str]) -> None:
    """Run collectstatic as production does (fingerprinted names, .gz and .br copies) into the env's static root."""
    command = [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"]
    # The command is fixed here; nothing in it comes from outside.
    done = subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"collectstatic failed:\n{done.stdout}{done.stderr}")


@contextmanager
def production_server(env: dict[str, str], log_path: Path) -> Iterator[str]:
    """Run gunicorn with the project's production settings (one worker: one tile cache) and yield its base URL."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi", "--config", "docker/gunicorn.conf.py",
        "--bind", f"{HOST}:{port}", "--workers", "1", "--threads", "4",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        server = subprocess.Popen(  # noqa: S603 (a fixed command)
            command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            base_url = f"http://{HOST}:{port}"
            _wait_until_up(base_url + "/healthz", server, log_path)
            yield base_url
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log_path: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10):  # noqa: S310 (our own server on 127.0.0.1)
                return
        except urllib.error.HTTPError:
            return  # it answers (the health check may report pending migrations: not ours to judge here)
        except OSError:  # refused, reset or timed out while gunicorn starts (URLError is an OSError)
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            log = log_path.read_text(encoding="utf-8", errors="replace")
            raise RuntimeError(f"gunicorn did not answer {url}:\n{log}")
        time.sleep(0.3)


def warm_up(browser: "Browser", base_url: str, profile: PhoneProfile) -> None:
    """Open the page once at full speed so the server's tile cache holds its tiles, as on a visited site."""
    context = browser.new_context(viewport={"width": profile.width, "height": profile.height})
    try:
        page = context.new_page()
        page.goto(base_url + "/", wait_until="networkidle")
    finally:
        context.close()


def measure(browser: "Browser", base_url: str, profile: PhoneProfile | None = None) -> PhoneMeasurement:
    """Open the home page in a fresh (cold-cache) phone context under the profile and measure it."""
    profile = profile or PhoneProfile()
    context = browser.new_context(
        viewport={"width": profile.width, "height": profile.height},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
    )
    remote: list[str] = []
    sizes: dict[str, int] = {}
    urls: dict[str, str] = {}
    encodings: dict[str, str] = {}
    cache_control: dict[str, str] = {}
    try:
        page = context.new_page()
        page.on("request", lambda request: _note_remote(request.url, remote))
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": profile.latency_ms,
                "downloadThroughput": profile.download_kbps * 1000 / 8,
                "uploadThroughput": profile.upload_kbps * 1000 / 8,
            },
        )
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile.cpu_slowdown})

        def on_response(event: dict[str, Any]) -> None:
            response = event["response"]
            urls[event["requestId"]] = response["url"]
            headers = {name.lower(): value for name, value in response.get("headers", {}).items()}
            encodings[event["requestId"]] = headers.get("content-encoding", "")
            cache_control[urlsplit(response["url"]).path] = headers.get("cache-control", "")

        def on_finished(event: dict[str, Any]) -> None:
            # Bytes on the wire: headers and the (compressed) body.
            sizes[event["requestId"]] = int(event["encodedDataLength"])

        cdp.on("Network.responseReceived", on_response)
        cdp.on("Network.loadingFinished", on_finished)
        page.goto(base_url + "/", wait_until="load", timeout=120_000)
        tiles = "pattern => performance.getEntriesByType('resource').filter(e => new RegExp(pattern).test(e.name))"
        page.wait_for_function(f"pattern => ({tiles})(pattern).length > 0", arg=TILE_PATTERN, timeout=60_000)
        page.wait_for_load_state("networkidle", timeout=120_000)
        # Resource timing counts from navigation start; responseEnd is when the tile's last byte arrived.
        first_tile = page.evaluate(f"pattern => Math.min(...({tiles})(pattern).map(e => e.responseEnd))", TILE_PATTERN)
    finally:
        context.close()
    requests = [
        (urlsplit(urls.get(request_id, "?")).path, size, encodings.get(request_id, ""))
        for request_id, size in sizes.items()
    ]
    return PhoneMeasurement(
        transferred_bytes=sum(sizes.values()),
        first_tile_ms=float(first_tile),
        requests=requests,
        remote=remote,
        cache_control=cache_control,
    )


def _note_remote(url: str, remote: list[str]) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"data", "blob"} and parts.hostname != HOST:
        remote.append(url)
