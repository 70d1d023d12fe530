"""Put back what the data migrations load (land-use codes, IoT quantities, message templates) after a flush.

A transactional test's teardown empties every table, migration data included; the tests after it expect that data
as a migrated database has it. Each loader is the migration's own, run with the live app registry (idempotent).
"""

import importlib

from django.apps import apps

DATA_MIGRATIONS = (
    ("planning.migrations.0002_load_landuse_codes", "load_codes"),
    ("iot.migrations.0003_quantity_catalogue", "load"),
    ("iot.migrations.0006_environment_wqi_quantities", "load"),
    ("alerts.migrations.0005_default_message_templates", "create_templates"),
)


def reseed() -> None:
    """Run every data migration's loader again."""
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
