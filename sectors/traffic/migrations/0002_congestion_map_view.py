"""The view behind the catalogue layer "traffic-congestion": every segment with a flow at the newest 5-minute step."""

from django.db import migrations

CREATE = """
CREATE VIEW traffic_congestion_map AS
SELECT
    e.id,
    e.name,
    e.road_class,
    e.geom,
    f.step,
    f.speed_kmh,
    e.speed_kmh AS free_flow_kmh,
    f.los,
    COALESCE(f.motorbikes, 0) + COALESCE(f.cars, 0) + COALESCE(f.trucks, 0) + COALESCE(f.buses, 0) AS vehicles
FROM roads_roadedge AS e
JOIN traffic_segmentflow AS f ON f.edge_id = e.id
WHERE f.step = (SELECT max(step) FROM traffic_segmentflow)
"""


class Migration(migrations.Migration):
    dependencies = [("traffic", "0001_traffic_register")]

    operations = [migrations.RunSQL(CREATE, "DROP VIEW IF EXISTS traffic_congestion_map")]
