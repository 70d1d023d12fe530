"""The view behind the catalogue layer "traffic-incidents": the register's incidents without casualty counts (those
stay on the staff pages of the register), with the kind's Vietnamese name."""

from django.db import migrations

CREATE = """
CREATE VIEW traffic_incident_map AS
SELECT
    i.id,
    i.kind,
    CASE i.kind
        WHEN 'accident' THEN 'Tai nạn giao thông'
        WHEN 'breakdown' THEN 'Xe hỏng'
        WHEN 'road_flooding' THEN 'Ngập nước trên đường'
        WHEN 'landslide' THEN 'Sạt lở trên đường'
        WHEN 'congestion' THEN 'Ùn tắc'
        WHEN 'road_works' THEN 'Thi công trên đường'
        ELSE i.kind
    END AS kind_name,
    e.name AS road,
    i.lanes_blocked,
    i.reported_at,
    i.confirmed_at,
    i.cleared_at,
    i.cleared_at IS NULL AS is_open,
    i.geom
FROM traffic_incident AS i
LEFT JOIN roads_roadedge AS e ON e.id = i.edge_id
"""


class Migration(migrations.Migration):
    dependencies = [("traffic", "0002_congestion_map_view")]

    operations = [migrations.RunSQL(CREATE, "DROP VIEW IF EXISTS traffic_incident_map")]
