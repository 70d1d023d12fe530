"""The congestion map in the catalogue ("traffic-congestion"): a table source over the view traffic_congestion_map
(migration 0002: each segment with the flow of the newest 5-minute step), coloured by level of service.

The catalogue serves the newest step like any layer (tiles, OGC API Features, the same access rules). A past step is
asked of sectors.traffic.tiles with ?step=: the same layer's spec and access check, the same tile arithmetic as
tiles.render, the flow joined for that step instead of the newest. A view cannot take a parameter, and one view per
step would put thousands of views in the catalogue; a query parameter keeps one layer and one set of rules.
"""

from io import TextIOBase
from typing import Any

from layers.models import Layer

SLUG = "traffic-congestion"
VIEW = "traffic_congestion_map"
# level of service: lower bound, upper bound, colour, Vietnamese label, English label (free flow first)
BANDS: list[tuple[float, float, str, str, str]] = [
    (0.75, 100.0, "#1A9641", "Thông thoáng (≥ 75% tốc độ tự do)", "Free flow (≥ 75% of free-flow speed)"),
    (0.5, 0.75, "#F4D03F", "Đông xe (50-75%)", "Busy (50-75%)"),
    (0.25, 0.5, "#F08A24", "Ùn ứ (25-50%)", "Slow (25-50%)"),
    (0.0, 0.25, "#C0392B", "Ùn tắc (< 25%)", "Congested (< 25%)"),
]
CONGESTION_LAYER: dict[str, Any] = {
    "slug": SLUG,
    "title": "Tình trạng giao thông theo đoạn đường",
    "title_en": "Traffic by road segment",
    "description": "Mức phục vụ của từng đoạn đường (tốc độ trung bình chia tốc độ tự do) theo bước 5 phút mới nhất, "
    "từ các thiết bị đếm xe và camera phân tích.",
    "description_en": "Level of service of each road segment (mean speed over free-flow speed) at the newest "
    "5-minute step, from vehicle detectors and camera analytics.",
    "keywords": ["giao thông", "ùn tắc", "traffic", "congestion", "level of service"],
    "source": "sectors.traffic.SegmentFlow",
    "update_frequency": Layer.Frequency.CONTINUAL,
    "source_kind": "table",
    "schema_name": "public",
    "table_name": VIEW,
    "geometry_column": "geom",
    "id_column": "id",
    "access": Layer.Access.INTERNAL,
    "published_ogc": True,
    "published_tiles": True,
    "style": {
        "kind": "ranges",
        "attribute": "los",
        "opacity": 0.9,
        "default_color": "#888888",
        "ranges": [
            {"min": low, "max": high, "color": colour, "label": label, "label_en": label_en}
            for low, high, colour, label, label_en in BANDS
        ],
    },
    "tile_minzoom": 8,
    "tile_maxzoom": 18,
    "tile_attributes": {"los": 8, "name": 12, "speed_kmh": 12, "free_flow_kmh": 12, "vehicles": 12, "step": 12},
}


INCIDENT_SLUG = "traffic-incidents"
INCIDENT_VIEW = "traffic_incident_map"
INCIDENT_LAYER: dict[str, Any] = {
    "slug": INCIDENT_SLUG,
    "title": "Sự cố giao thông",
    "title_en": "Road incidents",
    "description": "Sổ theo dõi sự cố giao thông: loại, tuyến đường, số làn bị chặn, thời điểm tiếp nhận, xác nhận, "
    "giải tỏa. Số liệu thương vong chỉ có trên trang nghiệp vụ.",
    "description_en": "The road incident register: kind, road, lanes blocked, when reported, confirmed and cleared. "
    "Casualty counts are on the staff pages only.",
    "keywords": ["giao thông", "sự cố", "tai nạn", "traffic", "incidents"],
    "source": "sectors.traffic.TrafficIncident",
    "update_frequency": Layer.Frequency.CONTINUAL,
    "source_kind": "table",
    "schema_name": "public",
    "table_name": INCIDENT_VIEW,
    "geometry_column": "geom",
    "id_column": "id",
    "access": Layer.Access.INTERNAL,
    "published_ogc": True,
    "published_tiles": True,
    "style": {
        "kind": "categories",
        "attribute": "is_open",
        "stroke": "#333333",
        "opacity": 0.9,
        "default_color": "#888888",
        "categories": [
            {"value": "true", "color": "#C0392B", "label": "Chưa giải tỏa", "label_en": "Not cleared"},
            {"value": "false", "color": "#7F8C8D", "label": "Đã giải tỏa", "label_en": "Cleared"},
        ],
    },
    "tile_minzoom": 8,
    "tile_maxzoom": 18,
    "tile_attributes": {"kind_name": 8, "road": 10, "lanes_blocked": 10, "is_open": 8, "reported_at": 12},
}


def register(stdout: TextIOBase) -> Layer:
    """Create the layers if missing (keeping edits to existing ones) and sync their summaries with the views;
    return the congestion layer."""
    found = []
    for definition in (CONGESTION_LAYER, INCIDENT_LAYER):
        layer, created = Layer.objects.register(definition)
        stdout.write(f"traffic: layer {layer.slug} {'created' if created else 'kept'}.\n")
        found.append(layer)
    return found[0]


def touch() -> int:
    """Tell the catalogue the congestion view's data changed (a new step arrived)."""
    return Layer.objects.touch("public", VIEW)


def touch_incidents() -> int:
    """Tell the catalogue the incident view's data changed."""
    return Layer.objects.touch("public", INCIDENT_VIEW)


def band_of(los: float | None) -> tuple[str, str] | None:
    """Return the colour and English label of a level of service."""
    if los is None:
        return None
    for low, high, colour, _label, label_en in BANDS:
        if low <= los < high:
            return colour, label_en
    return None
