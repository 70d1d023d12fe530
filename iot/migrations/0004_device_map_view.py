"""The view behind the catalogue layer "iot-devices": public stations with their latest values and VN_AQI colour.

Cameras, street-light controllers, meters and retired devices are left out (they are for staff, through the API).
The VN_AQI colours are those of Table 1 of Decision 1459/QĐ-TCMT (iot.aqi.BANDS).
"""

from django.db import migrations

CREATE = """
CREATE VIEW iot_device_map AS
SELECT
    d.id,
    d.code,
    d.name,
    d.kind,
    d.status,
    a.code AS agency,
    d.position AS geom,
    d.last_seen_at,
    q.aqi AS vn_aqi,
    q.hour_end AS vn_aqi_hour,
    CASE
        WHEN q.aqi IS NULL THEN NULL
        WHEN q.aqi <= 50 THEN '#00E400'
        WHEN q.aqi <= 100 THEN '#FFFF00'
        WHEN q.aqi <= 150 THEN '#FF7E00'
        WHEN q.aqi <= 200 THEN '#FF0000'
        WHEN q.aqi <= 300 THEN '#8F3F97'
        ELSE '#7E0023'
    END AS vn_aqi_colour,
    (SELECT jsonb_object_agg(l.quantity, l.value ORDER BY l.quantity)::text
       FROM iot_latestvalue l WHERE l.device_id = d.id) AS latest
FROM iot_device d
JOIN agencies_agency a ON a.id = d.agency_id
LEFT JOIN LATERAL (
    SELECT h.aqi, h.hour_end FROM iot_aqihourly h WHERE h.device_id = d.id ORDER BY h.hour_end DESC LIMIT 1
) q ON true
WHERE d.status <> 'retired'
  AND d.kind IN ('air_quality', 'water_quality', 'water_level', 'rain_gauge', 'weather_station');
"""


class Migration(migrations.Migration):
    dependencies = [("iot", "0003_quantity_catalogue"), ("agencies", "0002_contacts_note_sector_description_all_sectors")]

    operations = [migrations.RunSQL(CREATE, "DROP VIEW IF EXISTS iot_device_map;")]
