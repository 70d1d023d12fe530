"""Keyset paging of items: which orders may page by key, and the opaque, signed cursor a next link carries.

A page in key order starts from the index (`WHERE key > last key`) instead of skipping rows, so page 500 costs
what page 1 does. Items are in key order when no sortby is given (the id column) or when sortby names one column
that has a unique, non-partial index and no NULLs; any other order pages by offset. The cursor is signed
(django.core.signing), so a client can neither forge a key value that would fail in SQL nor read anything from it:
a tampered or foreign cursor is a 400 that says to start again from the first page.
"""

from dataclasses import dataclass

from django.core import signing
from django.utils.translation import gettext as _

from core.db import read_connection
from core.errors import InvalidInput
from layers.models import Layer

SALT = "ogc_api.items.cursor"


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: after `value` of `column` in that direction, `position` features in."""

    column: str
    descending: bool
    value: str  # the key of the last feature returned, as PostgreSQL writes it (::text)
    position: int  # features before the page this cursor opens
    matched: int | None = None  # numberMatched counted on the first page, carried so later pages never count

    def token(self) -> str:
        fields = [self.column, self.descending, self.value, self.position, self.matched]
        return signing.dumps(fields, salt=SALT, compress=True)


def read_cursor(text: str | None) -> Cursor | None:
    """Return the cursor of a next link, or raise InvalidInput when it was altered or made for another server."""
    if text is None:
        return None
    try:
        column, descending, value, position, matched = signing.loads(text[:2000], salt=SALT)
        total = None if matched is None else int(matched)
        cursor = Cursor(str(column), bool(descending), str(value), int(position), total)
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidInput(
            _("cursor is not one this server wrote (it may have been altered); start again from the first page."),
            parameter="cursor",
        ) from None
    return cursor


def keyset_order(layer: Layer, sortby: list[tuple[str, bool]]) -> tuple[str, bool] | None:
    """Return (column, descending) when the requested order can page by key, else None (offset paging)."""
    if not sortby:
        return layer.id_column, False
    if len(sortby) != 1:
        return None
    name, descending = sortby[0]
    if name == layer.id_column or name in unique_columns(layer):
        return name, descending
    return None


def unique_columns(layer: Layer) -> set[str]:
    """Columns of the layer's table with a unique, non-partial single-column index and a NOT NULL constraint."""
    schema_name, table = layer.relation()
    with read_connection().cursor() as cursor:
        cursor.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0] "
            "WHERE n.nspname = %s AND c.relname = %s AND i.indisunique AND i.indnatts = 1 "
            "AND i.indpred IS NULL AND i.indexprs IS NULL AND a.attnotnull",
            [schema_name, table],
        )
        return {row[0] for row in cursor.fetchall()}
