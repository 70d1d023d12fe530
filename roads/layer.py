"""The road network in the layer catalogue ("road-network"): tiles and OGC API Features over roads_roadedge.

The table's statement trigger (installed by the table source's prepare) bumps the layer's data_version whenever
an import or the demo rebuilds the network, so cached tiles of the old network are never served.
"""

from io import TextIOBase
from typing import Any, TextIO

from layers.models import Layer

SLUG = "road-network"
ROAD_LAYER: dict[str, Any] = {
    "slug": SLUG,
    "title": "Mạng lưới đường bộ",
    "title_en": "Road network",
    "description": "Các đoạn đường định tuyến được (pgRouting) với cấp đường, tên, một chiều và tốc độ tự do. "
    "Mạng đường của bản demo là dữ liệu tổng hợp, không phải số liệu đo đạc thật.",
    "description_en": "Routable road segments (pgRouting) with class, name, one-way and free-flow speed. The demo's "
    "network is synthetic, not surveyed data.",
    "keywords": ["giao thông", "đường bộ", "pgRouting", "roads", "network"],
    "source": "roads.RoadEdge",
    "update_frequency": Layer.Frequency.AS_NEEDED,
    "source_kind": "table",
    "schema_name": "public",
    "table_name": "roads_roadedge",
    "geometry_column": "geom",
    "id_column": "id",
    "access": Layer.Access.PUBLIC,
    "published_ogc": True,
    "published_tiles": True,
    "style": {
        "kind": "categories",
        "attribute": "road_class",
        "opacity": 0.9,
        "default_color": "#888888",
        "categories": [
            {"value": "national", "color": "#D7301F", "label": "Quốc lộ", "label_en": "National highway"},
            {"value": "provincial", "color": "#FC8D59", "label": "Đường tỉnh", "label_en": "Provincial road"},
            {"value": "district", "color": "#FDBB84", "label": "Đường huyện", "label_en": "District road"},
            {"value": "urban", "color": "#6A51A3", "label": "Đường đô thị", "label_en": "Urban street"},
            {"value": "local", "color": "#969696", "label": "Đường xã", "label_en": "Local road"},
        ],
    },
    "tile_minzoom": 8,
    "tile_maxzoom": 18,
    "tile_attributes": {"name": 10, "road_class": 8, "speed_kmh": 12, "oneway": 12},
}


def register(stdout: TextIO | TextIOBase) -> Layer:
    """Create the layer if missing (keeping edits to an existing one) and make its table servable."""
    layer, created = Layer.objects.register(ROAD_LAYER)
    stdout.write(f"roads: layer {layer.slug} {'created' if created else 'kept'}.\n")
    return layer
