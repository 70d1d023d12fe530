"""When two mentions are one: the same URL once normalized, or near-identical text (pg_trgm on folded text).

The URL key drops what does not change the page: the scheme (http and https), "www.", default ports, the fragment,
tracking parameters (utm_*, fbclid, ...), a trailing slash, and the order of the remaining parameters. The text
test takes the mention published within NEAR_DAYS whose search_fold(title + excerpt) is nearest by trigram distance
(pg_trgm, installed by search/0001; a GiST index, migration 0003) and compares it with PostgreSQL's similarity(): at
NEAR_SIMILARITY or above it is a copy (another site republishing the article, a repost with a different link).
"""

import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.db import connection

from search.text import fold
from sectors.listening.models import Mention

TRACKING_PREFIX = "utm_"
TRACKING = frozenset({"fbclid", "gclid", "zarsrc", "mc_cid", "mc_eid", "_hsenc", "ref", "share", "fref"})
NEAR_SIMILARITY = 0.8
NEAR_DAYS = 7
# The compared text in SQL is written exactly as the trigram index of migration 0003 is, so the index serves it: the
# GiST index hands the nearest texts first (KNN on trigram distance), and only the nearest is compared.
NEAR_SQL = (
    "SELECT id, similarity(search_fold(title || ' ' || excerpt), %s) FROM listening_mention "
    "WHERE published_at BETWEEN %s AND %s "
    "ORDER BY search_fold(title || ' ' || excerpt) <-> %s LIMIT 1"  # a tie-break column would forgo the index
)


def url_key(url: str) -> str:
    """Return the URL without what does not change the page it points to."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port
    if port is not None and port not in (80, 443):
        host = f"{host}:{port}"
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not (name.lower().startswith(TRACKING_PREFIX) or name.lower() in TRACKING)
    )
    path = parts.path.rstrip("/") or ""
    return f"{host}{path}" + (f"?{urlencode(query)}" if query else "")


def comparable_text(title: str, excerpt: str) -> str:
    """The text two mentions are compared on, folded as search_fold folds it in SQL."""
    return fold(f"{title} {excerpt}")


def near_duplicate(title: str, excerpt: str, published_at: datetime.datetime) -> Mention | None:
    """Return an earlier mention whose text is near-identical, published within NEAR_DAYS, if any."""
    window = datetime.timedelta(days=NEAR_DAYS)
    text = comparable_text(title, excerpt)
    with connection.cursor() as cursor:
        cursor.execute(NEAR_SQL, [text, published_at - window, published_at + window, text])
        row = cursor.fetchone()
    return Mention.objects.get(pk=row[0]) if row and row[1] >= NEAR_SIMILARITY else None


def existing(url: str, title: str, excerpt: str, published_at: datetime.datetime) -> Mention | None:
    """Return the mention this one repeats (same URL first, then near-identical text), or None."""
    return Mention.objects.filter(url_key=url_key(url)).first() or near_duplicate(title, excerpt, published_at)
