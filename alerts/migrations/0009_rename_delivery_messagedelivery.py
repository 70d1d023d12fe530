# A message to a recipient is a MessageDelivery, so that Delivery means only a data provider's file (datahub).

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

ACTIONS = ("add", "change", "delete", "view")


def _rename_permissions(apps: StateApps, old: str, new: str) -> None:
    """Keep the grants given on the model: its permissions' codenames follow the model's name."""
    Permission = apps.get_model("auth", "Permission")
    for action in ACTIONS:
        granted = Permission.objects.filter(content_type__app_label="alerts", codename=f"{action}_{old}")
        if not Permission.objects.filter(content_type__app_label="alerts", codename=f"{action}_{new}").exists():
            granted.update(codename=f"{action}_{new}")


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _rename_permissions(apps, "delivery", "messagedelivery")


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _rename_permissions(apps, "messagedelivery", "delivery")


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0008_sector_sources_and_categories"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RenameModel(old_name="Delivery", new_name="MessageDelivery"),
        migrations.RunPython(forward, backward),
    ]
