"""The readings table, partitioned by month (native range partitioning on the reading's instant).

The primary key (device, quantity, instant) includes the partition key, so a reading that arrives twice is
stored once (INSERT … ON CONFLICT DO NOTHING). iot_ensure_reading_partition(month) creates a month's partition
when missing; iot.partitions calls it ahead of time and for any month ingestion meets.

No foreign key to iot_device: devices are retired, never deleted (their ids are never reused), and a key would
keep Django's test flush (TRUNCATE without CASCADE) from emptying iot_device for every other app's tests.
"""

from django.db import migrations

CREATE = """
CREATE TABLE iot_reading (
    device_id bigint NOT NULL,
    quantity varchar(40) NOT NULL,
    at timestamptz NOT NULL,
    value double precision NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, quantity, at)
) PARTITION BY RANGE (at);

CREATE FUNCTION iot_ensure_reading_partition(month date) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    first_day date := date_trunc('month', month)::date;
    name text := format('iot_reading_y%sm%s', to_char(first_day, 'YYYY'), to_char(first_day, 'MM'));
BEGIN
    IF to_regclass(quote_ident(name)) IS NULL THEN
        BEGIN
            EXECUTE format(
                'CREATE TABLE %I PARTITION OF iot_reading FOR VALUES FROM (%L) TO (%L)',
                name,
                (first_day::timestamp AT TIME ZONE 'UTC'),
                ((first_day + interval '1 month')::timestamp AT TIME ZONE 'UTC')
            );
        EXCEPTION WHEN duplicate_table THEN
            NULL;  -- another process created it first
        END;
    END IF;
    RETURN name;
END;
$$;

SELECT iot_ensure_reading_partition((now() AT TIME ZONE 'UTC')::date);
SELECT iot_ensure_reading_partition(((now() AT TIME ZONE 'UTC') + interval '1 month')::date);
"""

DROP = """
DROP TABLE IF EXISTS iot_reading CASCADE;
DROP FUNCTION IF EXISTS iot_ensure_reading_partition(date);
"""


class Migration(migrations.Migration):
    dependencies = [("iot", "0001_devices_and_readings")]

    operations = [migrations.RunSQL(CREATE, DROP)]
