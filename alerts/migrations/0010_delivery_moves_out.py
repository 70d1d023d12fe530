# Message delivery moves out of alerts into its own app (delivery/0001): the models leave alerts' state only, their
# tables stay as they are, and their content types follow them so that grants given on them survive. Each notice
# also keeps a snapshot of what its messages say, the seam between the two apps.

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

MOVED = ("deliveryattempt", "messagedelivery", "messagetemplate", "webhooksubscription", "zalorecipient")


def _move_content_types(apps: StateApps, old: str, new: str) -> None:
    """Relabel the moved models' content types; their permissions, grants and admin log entries point at them."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def forward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _move_content_types(apps, "alerts", "delivery")


def backward(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _move_content_types(apps, "delivery", "alerts")


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0009_rename_delivery_messagedelivery"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="outbox",
            name="snapshot",
            field=models.JSONField(
                blank=True,
                default=dict,
                verbose_name="content as queued",
                help_text="What the messages say about the alert, as of queueing (alerts.snapshots).",
            ),
        ),  # fmt: skip
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="deliveryattempt", name="delivery"),
                migrations.RemoveField(model_name="messagedelivery", name="outbox"),
                migrations.RemoveField(model_name="messagedelivery", name="subscription"),
                migrations.DeleteModel(name="MessageTemplate"),
                migrations.DeleteModel(name="ZaloRecipient"),
                migrations.DeleteModel(name="DeliveryAttempt"),
                migrations.DeleteModel(name="MessageDelivery"),
                migrations.DeleteModel(name="WebhookSubscription"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forward, backward),
    ]
