"""The connection a read-only raw SQL query should use (a replica when the router allows one)."""

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from config.db_router import read_alias


def read_connection() -> BaseDatabaseWrapper:
    """Return the connection for a read-only query: a replica during a read request, else the primary."""
    return connections[read_alias()]
