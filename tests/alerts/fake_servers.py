"""Local stand-ins for the outside world, on 127.0.0.1: an HTTP server answering from a script, and an SMTP server.

They are real servers on real sockets: the code under test opens connections to them exactly as it would to a
carrier's SMS gateway, the Zalo API, a webhook receiver, a CAP feed or the mail relay.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"
# The ports this project's helper was given for fake servers.
SMS_PORT, SMTP_PORT, API_PORT, FEED_PORT = 8119, 8120, 8121, 8122


@dataclass
class Answer:
    status: int = 200
    body: bytes = b'{"id": "gw-1"}'
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class ScriptedServer(ThreadingHTTPServer):
    """Answers each request with the next scripted answer (the last one repeats), or by path from `routes`."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port: int) -> None:
        super().__init__((HOST, port), _Handler)
        self.script: list[Answer] = [Answer()]
        self.routes: dict[str, Answer] = {}
        self.received: list[Received] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_address[1]}"

    def answer(self, request: Received) -> Answer:
        with self.lock:
            self.received.append(request)
            if request.path in self.routes:
                return self.routes[request.path]
            return self.script.pop(0) if len(self.script) > 1 else self.script[0]


class _Handler(BaseHTTPRequestHandler):
    server: ScriptedServer

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}  # HTTP names ignore case
        answer = self.server.answer(Received(self.command, self.path, headers, body))
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(answer.body)

    do_GET = do_POST = _handle

    def log_message(self, format: str, *args: Any) -> None:
        return  # quiet tests


@contextmanager
def http_server(port: int) -> Iterator[ScriptedServer]:
    server = ScriptedServer(port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass
class Mail:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes


class _MailHandler:
    def __init__(self) -> None:
        self.mails: list[Mail] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.mails.append(Mail(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or b""))
        return "250 Message accepted for delivery"


@contextmanager
def smtp_server(port: int = SMTP_PORT) -> Iterator[list[Mail]]:
    """A real SMTP server (aiosmtpd); yields the list of mails it accepted."""
    handler = _MailHandler()
    controller = Controller(handler, hostname=HOST, port=port)
    controller.start()
    try:
        yield handler.mails
    finally:
        controller.stop()
