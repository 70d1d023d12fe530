"""A local news site on 127.0.0.1 serving RSS/Atom by path: a real HTTP server in a thread."""

import contextlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the body is sent


class FeedServer(ThreadingHTTPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pages: dict[str, Page] = {}
        self.hits: list[str] = []

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class _Handler(BaseHTTPRequestHandler):
    server: FeedServer

    def do_GET(self) -> None:
        self.server.hits.append(self.path)
        page = self.server.pages.get(self.path, Page(b"not found", 404, "text/plain"))
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        for name, value in page.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if page.delay:
            time.sleep(page.delay)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up: the budget test
            self.wfile.write(page.body)

    def log_message(self, format: str, *args: Any) -> None:
        return None


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def rss(*items: tuple[str, str, str, str]) -> bytes:
    """An RSS 2.0 document of (link, title, description, RFC 822 date) items."""
    entries = "".join(
        f"<item><link>{link}</link><title>{title}</title><description>{text}</description>"
        f"<pubDate>{date}</pubDate><author>bbt@baokhanhhoa.vn (Ban biên tập)</author></item>"
        for link, title, text, date in items
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Báo Khánh Hòa</title>'
            f"<link>https://baokhanhhoa.vn</link>{entries}</channel></rss>").encode()  # fmt: skip


def atom(*entries: tuple[str, str, str, str]) -> bytes:
    """An Atom document of (link, title, summary, RFC 3339 date) entries."""
    body = "".join(
        f'<entry><id>{link}</id><link href="{link}"/><title>{title}</title><summary>{text}</summary>'
        f"<updated>{date}</updated></entry>"
        for link, title, text, date in entries
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Tin Nha Trang'
            f"</title><id>urn:x</id><updated>2026-12-01T00:00:00Z</updated>{body}</feed>").encode()  # fmt: skip
