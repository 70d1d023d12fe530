"""Drain a queue of jobs kept in a table: claim one (FOR UPDATE SKIP LOCKED), run it, until none is left."""

from collections.abc import Callable


def drain[Job](claim: Callable[[], Job | None], run: Callable[[Job], object], limit: int | None = None) -> int:
    """Run claimed jobs one after another until claim finds none (or limit ran); return how many ran."""
    ran = 0
    while limit is None or ran < limit:
        job = claim()
        if job is None:
            break
        run(job)
        ran += 1
    return ran
