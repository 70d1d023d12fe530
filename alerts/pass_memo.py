"""A memo scoped to one worker pass: what every notice of the pass reads alike is read once, not per notice.

Message templates (compiled), configured channels, webhook subscriptions and recipients change rarely and only
through the admin; a pass takes seconds, so an edit reaches the next pass. Outside a pass (web requests, the
shell) nothing is remembered and every call reads the database as before. The memo lives in a context variable,
so the sending threads, which start with an empty context, never share it.
"""

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("alerts_pass_memo", default=None)


@contextmanager
def worker_pass() -> Iterator[None]:
    """Remember shared reads until the block ends; a pass inside a pass keeps the outer memo."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def remembered[T](key: Hashable, compute: Callable[[], T]) -> T:
    """The value computed for key in this pass (computed now if new); outside a pass, compute it every time."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    value: T = memo[key]
    return value
