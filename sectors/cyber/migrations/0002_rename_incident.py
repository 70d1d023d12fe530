# A cyber incident is a CyberIncident, so that Incident names nothing twice (traffic has its own register).
# The table keeps its name; the many-to-many tables' columns follow the model's name, as Django names them.

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

ACTIONS = ("add", "change", "delete", "view")
COLUMNS = (("cyber_incident_systems", "incident_id"), ("cyber_threatindicator_incidents", "incident_id"))


def _rename_permissions(apps: StateApps, old: str, new: str) -> None:
    """Keep the grants given on the model: its content type and its permissions' codenames follow its name."""
    # Django renames the content type only for a RenameModel outside SeparateDatabaseAndState.
    apps.get_model("contenttypes", "ContentType").objects.filter(app_label="cyber", model=old).update(model=new)
    Permission = apps.get_model("auth", "Permission")
    for action in ACTIONS:
        granted = Permission.objects.filter(content_type__app_label="cyber", codename=f"{action}_{old}")
        if not Permission.objects.filter(content_type__app_label="cyber", codename=f"{action}_{new}").exists():
            granted.update(codename=f"{action}_{new}")


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _rename_permissions(apps, "incident", "cyberincident")


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _rename_permissions(apps, "cyberincident", "incident")


def _rename_columns(old: str, new: str) -> list[str]:
    return [f'ALTER TABLE "{table}" RENAME COLUMN "{old}" TO "{new}"' for table, _column in COLUMNS]


class Migration(migrations.Migration):
    dependencies = [
        ("cyber", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="incident", table="cyber_incident"),
        # With the table's name unchanged RenameModel touches no table, so the columns move here.
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RenameModel(old_name="Incident", new_name="CyberIncident")],
            database_operations=[
                migrations.RunSQL(_rename_columns("incident_id", "cyberincident_id"),
                                  _rename_columns("cyberincident_id", "incident_id")),
            ],
        ),
        migrations.RunPython(forward, backward),
    ]
