"""The Vietnamese message templates each audience starts with (alerts/message_defaults.py)."""

from django.db import migrations


def create_templates(apps, schema_editor):
    from alerts.message_defaults import create_defaults

    create_defaults(apps.get_model("alerts", "MessageTemplate"))


class Migration(migrations.Migration):
    dependencies = [("alerts", "0004_notifications_evidence_cap_feeds")]

    operations = [migrations.RunPython(create_templates, migrations.RunPython.noop)]
