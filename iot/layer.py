"""The device layer in the catalogue ("iot-devices"), over the view iot_device_map (migration 0004).

A view has no trigger: the periodic check bumps the layer's data_version (Layer.objects.touch) so that tiles and
OGC responses keyed by it show the new latest values and AQI.
"""

from io import TextIOBase
from typing import Any

from layers.models import Layer

VIEW = "iot_device_map"
DEVICE_LAYER: dict[str, Any] = {
    "slug": "iot-devices",
    "title": "Trạm quan trắc môi trường (IoT)",
    "title_en": "Environmental monitoring stations (IoT)",
    "description": "Các trạm quan trắc không khí, nước, mực nước, mưa và khí tượng với giá trị đo mới nhất và chỉ số "
    "VN_AQI theo giờ (Quyết định 1459/QĐ-TCMT).",
    "description_en": "Air, water, water-level, rain and weather stations with their latest values and the hourly "
    "VN_AQI (Decision 1459/QĐ-TCMT).",
    "keywords": ["IoT", "quan trắc", "VN_AQI", "không khí", "mực nước", "sensors", "air quality"],
    "source": "iot.Device",
    "update_frequency": Layer.Frequency.CONTINUAL,
    "source_kind": "table",
    "schema_name": "public",
    "table_name": VIEW,
    "geometry_column": "geom",
    "id_column": "id",
    "access": Layer.Access.PUBLIC,
    "published_ogc": True,
    "published_tiles": True,
    "style": {
        "kind": "categories",
        "attribute": "kind",
        "stroke": "#0B3954",
        "opacity": 0.9,
        "default_color": "#888888",
        "categories": [
            {"value": "air_quality", "color": "#00E400", "label": "Không khí", "label_en": "Air quality"},
            {"value": "water_quality", "color": "#1F78B4", "label": "Chất lượng nước", "label_en": "Water quality"},
            {"value": "water_level", "color": "#08306B", "label": "Mực nước", "label_en": "Water level"},
            {"value": "rain_gauge", "color": "#6A3D9A", "label": "Đo mưa", "label_en": "Rain gauge"},
            {"value": "weather_station", "color": "#FF7F00", "label": "Khí tượng", "label_en": "Weather"},
        ],
    },
    "tile_minzoom": 6,
    "tile_maxzoom": 18,
    "tile_attributes": {"code": 6, "name": 10, "kind": 6, "vn_aqi": 6, "vn_aqi_colour": 6, "latest": 12},
}


def register(stdout: TextIOBase) -> Layer:
    """Create the layer if missing (keeping edits to an existing one) and sync its summary with the view."""
    layer, created = Layer.objects.register(DEVICE_LAYER)
    stdout.write(f"iot: layer {layer.slug} {'created' if created else 'kept'}.\n")
    return layer


def touch() -> int:
    """Tell the catalogue the view's data changed (new readings or AQI)."""
    return Layer.objects.touch("public", VIEW)
