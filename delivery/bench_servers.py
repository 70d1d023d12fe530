"""Local fake channels for the worker benchmark: an SMTP server (aiosmtpd) and an SMS gateway, both counting.

They listen on 127.0.0.1 on free ports, so the worker opens real connections to them as it would to the mail
relay and a carrier's gateway; only what each accepted is kept (counts and recipients), not the bodies.
"""

import itertools
import json
import logging
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_network
from typing import Any

HOST = "127.0.0.1"


@dataclass
class Received:
    """What the fake servers accepted, by recipient address."""

    emails: Counter[str] = field(default_factory=Counter)
    sms: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


class _MailHandler:
    def __init__(self, received: Received) -> None:
        self.received = received

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.received.lock:
            self.received.emails.update(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


class _GatewayServer(ThreadingHTTPServer):
    daemon_threads = True
    received: Received
    ids: Iterator[int]


class _GatewayHandler(BaseHTTPRequestHandler):
    server: _GatewayServer

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        address = json.loads(body).get("to", "")
        with self.server.received.lock:
            self.server.received.sms[address] += 1
            answer = json.dumps({"id": f"bench-sms-{next(self.server.ids)}"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: Any) -> None:
        return  # one line per message would drown the benchmark's output


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextmanager
def fake_channels() -> Iterator[tuple[Received, dict[str, Any]]]:
    """Start both servers; yield what they received and the settings that point the channels at them."""
    from aiosmtpd.controller import Controller  # a development requirement: only the benchmark needs it

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO
    received = Received()
    smtp_port = _free_port()
    controller = Controller(_MailHandler(received), hostname=HOST, port=smtp_port)
    controller.start()
    gateway = _GatewayServer((HOST, 0), _GatewayHandler)
    gateway.received, gateway.ids = received, itertools.count(1)
    thread = threading.Thread(target=gateway.serve_forever, daemon=True)
    thread.start()
    settings = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": HOST,
        "EMAIL_PORT": smtp_port, "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": False,
        "EMAIL_HOST_USER": "", "EMAIL_HOST_PASSWORD": "",
        "ALERTS_SMS_URL": f"http://{HOST}:{gateway.server_address[1]}/sms/send", "ALERTS_SMS_TOKEN": "bench",
        # Outbound requests refuse local addresses unless allowed (core.fetch): allow only the fake gateway's host.
        "OUTBOUND_ALLOWED_NETWORKS": [ip_network(f"{HOST}/32")],
    }  # fmt: skip
    try:
        yield received, settings
    finally:
        gateway.shutdown()
        gateway.server_close()
        thread.join(timeout=5)
        controller.stop()
