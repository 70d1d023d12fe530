"""The one safe fetcher for every outbound request: CAP feeds, data pulls, webhooks, SMS and Zalo gateways.

Only http(s). The host is resolved when the connection is made and every address it resolves to is checked, so
a name cannot point at this machine, the private network or a cloud metadata service; every redirect is a new
connection, checked again (and, for `same_site`, kept on the first URL's host and port). Every fetch has a size
limit and an overall deadline. Local test servers are reachable only through OUTBOUND_ALLOWED_NETWORKS.
"""

import http.client
import socket
import ssl
import time
import urllib.request
from dataclasses import dataclass
from email.message import Message
from http.client import HTTPMessage
from ipaddress import IPv4Address, IPv6Address, ip_address
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from core.errors import IOCError

SCHEMES = ("http", "https")
MAX_REDIRECTS = 3
CHUNK = 64 * 1024


class FetchRefused(IOCError):
    """The URL, an address it resolves to, a redirect, the size or the time is not allowed."""

    status = 400
    code = "fetch_refused"


@dataclass(frozen=True)
class Fetched:
    """A completed fetch: the status, headers and body, and the URL the body came from after redirects."""

    status: int
    headers: Message
    body: bytes
    url: str


def _public(address: IPv4Address | IPv6Address) -> bool:
    if isinstance(address, IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if any(address in network for network in settings.OUTBOUND_ALLOWED_NETWORKS):
        return True
    return address.is_global and not address.is_multicast  # not private, loopback, link-local (metadata), reserved


def checked_addresses(host: str, port: int) -> list[tuple[Any, ...]]:
    """Resolve host and return its socket addresses, refusing the fetch if any of them is not public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise FetchRefused(f"{host} cannot be resolved: {error.strerror}") from None
    for info in infos:
        address = ip_address(str(info[4][0]).split("%")[0])
        if not _public(address):
            raise FetchRefused(f"{host} resolves to {address}, an address outbound requests may not reach.")
    return infos


def _connect(host: str, port: int, timeout: float | None) -> socket.socket:
    last: OSError | None = None
    for family, kind, proto, _name, address in checked_addresses(host, port):
        sock = socket.socket(family, kind, proto)
        sock.settimeout(timeout)
        try:
            sock.connect(address)  # the address just checked, so a second lookup cannot swap it
            return sock
        except OSError as error:
            sock.close()
            last = error
    raise last or OSError(f"{host} has no address")


class _CheckedHTTP(http.client.HTTPConnection):
    def connect(self) -> None:
        self.sock = _connect(self.host, self.port, self.timeout)


class _CheckedHTTPS(http.client.HTTPSConnection):
    def connect(self) -> None:
        sock = _connect(self.host, self.port, self.timeout)
        context = getattr(self, "_context", None) or ssl.create_default_context()
        self.sock = context.wrap_socket(sock, server_hostname=self.host)


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_CheckedHTTP, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_CheckedHTTPS, req)


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def __init__(self, first_url: str, same_site: bool, follow: bool) -> None:
        self.first = urlsplit(first_url)
        self.same_site = same_site
        self.follow = follow

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: HTTPMessage,
                         newurl: str) -> urllib.request.Request | None:  # fmt: skip
        if not self.follow:
            return None  # the caller sees the 3xx as an error: a POST endpoint that redirects is misconfigured
        target = urlsplit(newurl)
        if target.scheme not in SCHEMES:
            raise FetchRefused(f"{req.full_url} redirects to {newurl[:200]}: only http and https are followed.")
        if self.same_site and (target.hostname, target.port) != (self.first.hostname, self.first.port):
            raise FetchRefused(f"{req.full_url} redirects to another host ({target.hostname}); refused.")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str, *, max_bytes: int, timeout: float, method: str = "GET", data: bytes | None = None,
          headers: dict[str, str] | None = None, same_site: bool = False, follow_redirects: bool = True,
          truncate: bool = False) -> Fetched:  # fmt: skip
    """Send one request within the limits; raise FetchRefused, urllib.error.HTTPError (status) or OSError.

    With truncate, a longer body is cut at max_bytes instead of refused (a gateway's answer, read only for logs).
    """
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise FetchRefused(f"Only http and https URLs are fetched, not {url[:200]!r}.")
    opener = urllib.request.build_opener(_HTTPHandler, _HTTPSHandler, _Redirects(url, same_site, follow_redirects))
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})  # noqa: S310 (checked)
    deadline = time.monotonic() + timeout
    with opener.open(request, timeout=timeout) as response:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes and not truncate:
            raise FetchRefused(f"{url[:200]} announces {declared} bytes; at most {max_bytes} are read.")
        chunks: list[bytes] = []
        size = 0
        while chunk := response.read(min(CHUNK, max_bytes + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                if truncate:
                    chunks[-1] = chunk[: len(chunk) - (size - max_bytes)]
                    break
                raise FetchRefused(f"{url[:200]} sent more than {max_bytes} bytes; refused.")
            if time.monotonic() > deadline:
                raise FetchRefused(f"{url[:200]} took longer than {timeout:g} s; refused.")
        return Fetched(response.status, response.headers, b"".join(chunks), response.geturl())
