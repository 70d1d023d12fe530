"""Send a request's reads to a streaming replica unless its caller wrote moments ago; every write to the primary."""

import itertools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

# Set for the length of a request that may read from a replica; workers, commands and tests leave it unset.
_replica_allowed: ContextVar[bool] = ContextVar("ioc_replica_reads_allowed", default=False)
_turn = itertools.count()
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PIN_COOKIE = "ioc_primary_until"


def replicas() -> list[str]:
    """Return the aliases of the configured read replicas (DATABASE_REPLICA_URLS), none when unset."""
    return list(settings.DATABASE_REPLICAS)


@contextmanager
def replica_reads(allowed: bool = True) -> Iterator[None]:
    """Let the reads inside this block go to a replica (or forbid it with allowed=False)."""
    token = _replica_allowed.set(allowed)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


def read_alias() -> str:
    """Return the alias a read should use now: a replica in turn when allowed, else the primary."""
    aliases = replicas()
    if not aliases or not _replica_allowed.get():
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS  # inside a transaction on the primary: read what it has written
    return aliases[next(_turn) % len(aliases)]


class PrimaryReplicaRouter:
    """Django database router: reads where read_alias() says, writes and migrations on the primary."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        """Return the replica or the primary for a read."""
        return read_alias()

    def db_for_write(self, model: type, **hints: Any) -> str:
        """Return the primary: replicas are read-only."""
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        """Allow any relation: every alias holds the same data."""
        return True

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        """Migrate the primary only; replicas receive its changes by streaming replication."""
        return db == DEFAULT_DB_ALIAS


def pinned_to_primary(request: HttpRequest, now: float | None = None) -> bool:
    """Return True while the caller's pin cookie (set by a recent write) has not expired."""
    value = request.COOKIES.get(PIN_COOKIE, "")
    try:
        until = float(value)
    except ValueError:
        return False
    return (time.time() if now is None else now) < until


class ReadYourWritesMiddleware:
    """Read safe requests from a replica; after an unsafe one, keep the caller on the primary for a few seconds."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Run the view with replica reads allowed or not, then pin the caller after a write."""
        if not settings.DATABASE_REPLICAS:
            return self.get_response(request)
        safe = request.method in SAFE_METHODS
        with replica_reads(safe and not pinned_to_primary(request)):
            response = self.get_response(request)
        if not safe:
            seconds = settings.DATABASE_READ_YOUR_WRITES_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                f"{time.time() + seconds:.3f}",
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
