import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# Append-only in the database: UPDATE and DELETE of an entry raise, except
# - the retention purge, which sets the transaction-local setting ioc.audit_purge (AuditEntryQuerySet.purge);
# - the one UPDATE Django makes when an account is deleted (on_delete=SET_NULL): user_id alone becomes NULL.
# TRUNCATE is not refused: only the owner of the table may run it, and test runs empty tables with it.
TRIGGER = """
CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('ioc.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.user_id IS NULL
       AND (to_jsonb(NEW) - 'user_id') = (to_jsonb(OLD) - 'user_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit log entries cannot be changed or deleted (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
"""
REVERSE = """
DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_append_only();
"""


class Migration(migrations.Migration):
    initial = True

    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.CreateModel(
            name="AuditEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "when",
                    models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="when"),
                ),
                ("username", models.CharField(blank=True, db_index=True, max_length=150, verbose_name="username")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("login", "Signed in"),
                            ("login_failed", "Failed sign-in"),
                            ("logout", "Signed out"),
                            ("2fa_enrolled", "Two-factor sign-in set up"),
                            ("2fa_failed", "Wrong two-factor code"),
                            ("role_changed", "Role or agency changed"),
                            ("export", "Export"),
                            ("contacts_viewed", "Reporter contacts viewed"),
                            ("admin_add", "Added in the administration"),
                            ("admin_change", "Changed in the administration"),
                            ("admin_delete", "Deleted in the administration"),
                        ],
                        db_index=True,
                        max_length=20,
                        verbose_name="event",
                    ),
                ),
                ("target", models.CharField(blank=True, max_length=300, verbose_name="target")),
                ("details", models.JSONField(blank=True, default=dict, verbose_name="details")),
                ("ip", models.GenericIPAddressField(blank=True, null=True, verbose_name="address")),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={"verbose_name": "audit entry", "verbose_name_plural": "audit log", "ordering": ["-when", "-pk"]},
        ),
        migrations.RunSQL(TRIGGER, REVERSE),
    ]
