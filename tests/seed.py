"""After a flush, empty what it cannot see and put back what the data migrations load (land-use codes, IoT
quantities, message templates).

A transactional test's teardown empties every table, migration data included; the tests after it expect that data
as a migrated database has it. Each loader is the migration's own, run with the live app registry (idempotent).
"""

import importlib

from django.apps import apps
from django.db import connection
from django.db.models import Model

DATA_MIGRATIONS = (
    ("planning.migrations.0002_load_landuse_codes", "load_codes"),
    ("iot.migrations.0003_quantity_catalogue", "load"),
    ("iot.migrations.0006_environment_wqi_quantities", "load"),
    ("alerts.migrations.0005_default_message_templates", "create_templates"),
)
# Models a data migration names under the app they had then: (app label, model) -> (app label now, model).
MOVED = {("alerts", "messagetemplate"): ("delivery", "MessageTemplate")}  # delivery/0001


class LiveApps:
    """The live app registry, answering a data migration's names of moved models with where they live now."""

    def get_model(self, app_label: str, model_name: str) -> type[Model]:
        return apps.get_model(*MOVED.get((app_label, model_name.lower()), (app_label, model_name)))


def reseed() -> None:
    """Empty what the flush cannot see, then run every data migration's loader again."""
    clear_unmanaged()
    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(LiveApps(), None)


def clear_unmanaged() -> None:
    """Empty the tables Django's flush leaves alone: the partitioned readings and the uploaded layers' tables."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE iot_reading")  # the partitioned parent: every month's partition with it
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'layerdata'")
        for (table,) in cursor.fetchall():
            cursor.execute(f'DROP TABLE IF EXISTS layerdata."{table}" CASCADE')  # names from the catalogue
