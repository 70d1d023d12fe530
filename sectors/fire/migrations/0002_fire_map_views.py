"""Views behind the fire service's catalogue layers (sectors.fire.layers): what each map may show.

The incident view carries no casualty counts (staff see them on the service page only); the premises view says
whether the inspection is overdue, due within 30 days or in order, as of the day the row is read.
"""

from django.db import migrations

CREATE = """
CREATE VIEW fire_station_map AS
SELECT s.id, s.code, s.name, s.address, s.engines, s.geom FROM fire_firestation s;

CREATE VIEW fire_coverage_map AS
SELECT c.id, s.code AS station, s.name AS station_name, c.minutes, c.network_version, c.geom
FROM fire_stationcoverage c JOIN fire_firestation s ON s.id = c.station_id;

CREATE VIEW fire_water_source_map AS
SELECT w.id, w.code, w.name, w.kind, w.status, w.last_checked, w.capacity_m3, w.geom FROM fire_watersource w;

CREATE VIEW fire_premises_map AS
SELECT p.id, p.code, p.name, p.kind, p.risk_group, p.last_inspection, p.next_due,
       CASE WHEN p.next_due < current_date THEN 'overdue'
            WHEN p.next_due < current_date + 30 THEN 'due_soon'
            ELSE 'in_order' END AS inspection_status,
       p.geom
FROM fire_premises p;

CREATE VIEW fire_incident_map AS
SELECT i.id, i.code, i.title, i.kind, i.reported_at, i.arrived_at, i.closed_at,
       round(i.response_s / 60.0, 1) AS response_min,
       CASE WHEN i.closed_at IS NULL THEN 'open' ELSE 'closed' END AS status,
       s.name AS station, i.geom
FROM fire_fireincident i LEFT JOIN fire_firestation s ON s.id = i.station_id;
"""
DROP = """
DROP VIEW IF EXISTS fire_incident_map; DROP VIEW IF EXISTS fire_premises_map; DROP VIEW IF EXISTS fire_water_source_map;
DROP VIEW IF EXISTS fire_coverage_map; DROP VIEW IF EXISTS fire_station_map;
"""


class Migration(migrations.Migration):
    dependencies = [("fire", "0001_fire_registers")]

    operations = [migrations.RunSQL(CREATE, DROP)]
