"""A scratch database for benchmarks whose writes must really commit: migrated for the run, dropped afterwards."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import setup_databases, teardown_databases


@contextmanager
def scratch_database(suffix: str) -> Iterator[str]:
    """Switch the default connection to a freshly migrated `<name>_<suffix>` database; yield its name."""
    settings_dict = connections[DEFAULT_DB_ALIAS].settings_dict
    settings_dict["TEST"] = {**settings_dict.get("TEST", {}), "NAME": f"{settings_dict['NAME']}_{suffix}",
                             "SERIALIZE": False}  # fmt: skip
    previous = setup_databases(verbosity=0, interactive=False, aliases={DEFAULT_DB_ALIAS: DEFAULT_DB_ALIAS})
    try:
        yield connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]
    finally:
        teardown_databases(previous, verbosity=0)
