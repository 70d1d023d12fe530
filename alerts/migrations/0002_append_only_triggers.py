"""Refuse UPDATE and DELETE of alert events, and DELETE of alerts, in the database itself.

TRUNCATE (used only by test-database flushes) is not a row operation and is not affected.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION alerts_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on %: alerts and their events are never changed or deleted (append-only log)',
        TG_OP, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER alerts_alertevent_append_only BEFORE UPDATE OR DELETE ON alerts_alertevent
    FOR EACH ROW EXECUTE FUNCTION alerts_refuse_change();
CREATE TRIGGER alerts_alert_never_deleted BEFORE DELETE ON alerts_alert
    FOR EACH ROW EXECUTE FUNCTION alerts_refuse_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS alerts_alert_never_deleted ON alerts_alert;
DROP TRIGGER IF EXISTS alerts_alertevent_append_only ON alerts_alertevent;
DROP FUNCTION IF EXISTS alerts_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("alerts", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
