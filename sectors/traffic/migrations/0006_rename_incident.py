# A road incident is a TrafficIncident, so that Incident names nothing twice (cyber has its own register).
# The table keeps its name: the map view of 0003 and the indicators' SQL read traffic_incident.

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

ACTIONS = ("add", "change", "delete", "view")


def _rename_permissions(apps: StateApps, old: str, new: str) -> None:
    """Keep the grants given on the model: its permissions' codenames follow the model's name."""
    Permission = apps.get_model("auth", "Permission")
    for action in ACTIONS:
        granted = Permission.objects.filter(content_type__app_label="traffic", codename=f"{action}_{old}")
        if not Permission.objects.filter(content_type__app_label="traffic", codename=f"{action}_{new}").exists():
            granted.update(codename=f"{action}_{new}")


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _rename_permissions(apps, "incident", "trafficincident")


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _rename_permissions(apps, "trafficincident", "incident")


class Migration(migrations.Migration):
    dependencies = [
        ("traffic", "0005_road_segments_protected"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="incident", table="traffic_incident"),
        migrations.RenameModel(old_name="Incident", new_name="TrafficIncident"),
        migrations.RunPython(forward, backward),
    ]
