"""The one safe fetcher: only http(s), no private or loopback addresses (checked again after every redirect),
size and time limits. Its peers are real local servers; loopback is allowed only where a test says so."""

import re
import socket
import time
import urllib.error
from collections.abc import Iterator
from ipaddress import ip_network
from typing import Any

import pytest
from django.test import override_settings

from core.fetch import FetchRefused, checked_addresses, fetch
from tests.alerts.fake_servers import Answer, ScriptedServer, http_server

ONLY_THIS_HOST = [ip_network("127.0.0.1/32")]


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with http_server(0) as running:
        yield running


@override_settings(OUTBOUND_ALLOWED_NETWORKS=[])
def test_loopback_is_refused_without_an_explicit_setting(server: ScriptedServer) -> None:
    with pytest.raises(FetchRefused, match=re.escape("127.0.0.1, an address outbound requests may not reach")):
        fetch(server.url + "/feed", max_bytes=1000, timeout=5)
    assert server.received == []  # refused before any connection


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "gopher://x", "//no-scheme"])
def test_only_http_and_https_are_fetched(url: str) -> None:
    with pytest.raises(FetchRefused, match="Only http and https"):
        fetch(url, max_bytes=1000, timeout=5)


@pytest.mark.parametrize(
    "address",
    ["169.254.169.254", "10.1.2.3", "192.168.0.10", "172.16.5.4", "::1", "fd00::1", "::ffff:10.0.0.1", "0.0.0.0"],
)
def test_names_resolving_to_private_or_metadata_addresses_are_refused(
    monkeypatch: pytest.MonkeyPatch, address: str
) -> None:
    def resolve(host: str, port: int, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with override_settings(OUTBOUND_ALLOWED_NETWORKS=[]), pytest.raises(FetchRefused, match="may not reach"):
        checked_addresses("feeds.example.org", 80)


@override_settings(OUTBOUND_ALLOWED_NETWORKS=ONLY_THIS_HOST)
def test_a_redirect_to_a_forbidden_address_is_refused(server: ScriptedServer) -> None:
    # 127.0.0.2 is loopback outside the allowed /32: the redirect is checked like the first request.
    server.script = [Answer(302, b"", "text/plain", {"Location": "http://127.0.0.2:9/latest/meta-data"})]
    with pytest.raises(FetchRefused, match=re.escape("127.0.0.2")):
        fetch(server.url + "/feed", max_bytes=1000, timeout=5)


def test_a_same_site_fetch_refuses_a_redirect_to_another_host(server: ScriptedServer) -> None:
    port = server.server_address[1]
    server.script = [Answer(302, b"", "text/plain", {"Location": f"http://localhost:{port}/elsewhere"})]
    with pytest.raises(FetchRefused, match="redirects to another host"):
        fetch(server.url + "/entry", max_bytes=1000, timeout=5, same_site=True)


def test_redirects_on_the_same_site_are_followed(server: ScriptedServer) -> None:
    server.routes = {
        "/old": Answer(301, b"", "text/plain", {"Location": "/new"}),
        "/new": Answer(200, b"<alert/>", "application/xml"),
    }
    answer = fetch(server.url + "/old", max_bytes=1000, timeout=5, same_site=True)
    assert (answer.status, answer.body, answer.url) == (200, b"<alert/>", server.url + "/new")


def test_a_body_over_the_limit_is_refused_or_cut_when_asked(server: ScriptedServer) -> None:
    server.script = [Answer(200, b"x" * 5000, "text/plain")]
    with pytest.raises(FetchRefused, match="at most 1000"):
        fetch(server.url, max_bytes=1000, timeout=5)
    assert fetch(server.url, max_bytes=1000, timeout=5, truncate=True).body == b"x" * 1000


def test_a_server_that_does_not_answer_in_time_fails_the_fetch(
    monkeypatch: pytest.MonkeyPatch, server: ScriptedServer
) -> None:
    original = server.answer

    def slow(request: Any) -> Answer:
        time.sleep(1.5)
        return original(request)

    monkeypatch.setattr(server, "answer", slow)
    started = time.monotonic()
    with pytest.raises((TimeoutError, urllib.error.URLError)):
        fetch(server.url, max_bytes=1000, timeout=0.3)
    assert time.monotonic() - started < 1.2
