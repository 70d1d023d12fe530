"""The one clock of the alerts app: every deadline, event and worker run asks now() here, so tests can set it."""

import datetime
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

# Process-wide on purpose: worker threads in the concurrency tests must see the same frozen instant.
_lock = threading.Lock()
_frozen: datetime.datetime | None = None


def now() -> datetime.datetime:
    """Return the current instant (aware, UTC): the frozen one when a test set it, else the real one."""
    with _lock:
        return _frozen if _frozen is not None else timezone.now()


def freeze(instant: datetime.datetime) -> None:
    """Stop the clock at an aware instant until thaw() or the next freeze()/advance()."""
    if timezone.is_naive(instant):
        raise ValueError("The alerts clock needs an aware datetime; give it a tzinfo.")
    global _frozen
    with _lock:
        _frozen = instant.astimezone(datetime.UTC)


def advance(delta: datetime.timedelta) -> datetime.datetime:
    """Move a frozen clock forward and return the new instant."""
    global _frozen
    with _lock:
        if _frozen is None:
            raise RuntimeError("The alerts clock is not frozen; call freeze() first.")
        _frozen = _frozen + delta
        return _frozen


def thaw() -> None:
    """Let the clock follow real time again."""
    global _frozen
    with _lock:
        _frozen = None


@contextmanager
def frozen_at(instant: datetime.datetime) -> Iterator[None]:
    """Freeze the clock for the duration of a with-block."""
    freeze(instant)
    try:
        yield
    finally:
        thaw()
