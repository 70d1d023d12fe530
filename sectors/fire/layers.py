"""The fire service's layers in the catalogue, over the views of migration 0002: stations, their drive-time coverage,
water sources by status, high-risk premises by inspection status, and incidents (without casualty counts).

Views have no trigger: sectors.fire.rules.run (after every data change) bumps their layers' data_version.
"""

from typing import Any, TextIO

from django.db import transaction

from layers.models import Layer

SYNTHETIC_NOTE = " Dữ liệu của bản demo là dữ liệu tổng hợp, không phải số liệu thật."
SYNTHETIC_NOTE_EN = " The demo's data is synthetic."


def _layer(slug: str, view: str, title: str, title_en: str, description: str, description_en: str,
           access: str, style: dict[str, Any], attributes: dict[str, int]) -> dict[str, Any]:  # fmt: skip
    return {
        "slug": slug, "title": title, "title_en": title_en,
        "description": description + SYNTHETIC_NOTE, "description_en": description_en + SYNTHETIC_NOTE_EN,
        "keywords": ["PCCC", "phòng cháy chữa cháy", "fire"], "source": "sectors.fire",
        "update_frequency": Layer.Frequency.CONTINUAL, "source_kind": "table", "schema_name": "public",
        "table_name": view, "geometry_column": "geom", "id_column": "id", "access": access,
        "published_ogc": True, "published_tiles": True, "style": style, "tile_minzoom": 6, "tile_maxzoom": 18,
        "tile_attributes": attributes,
    }  # fmt: skip


def _categories(attribute: str, entries: list[tuple[str, str, str, str]], **extra: Any) -> dict[str, Any]:
    return {"kind": "categories", "attribute": attribute, "default_color": "#888888", "opacity": 0.85, **extra,
            "categories": [{"value": value, "color": colour, "label": label, "label_en": label_en}
                           for value, colour, label, label_en in entries]}  # fmt: skip


FIRE_LAYERS: list[dict[str, Any]] = [
    _layer("fire-stations", "fire_station_map", "Đội, trạm PCCC và CNCH", "Fire and rescue stations",
           "Vị trí các đội, trạm phòng cháy chữa cháy và cứu nạn cứu hộ.", "Fire and rescue stations.",
           Layer.Access.PUBLIC, {"kind": "single", "color": "#B10026", "stroke": "#FFFFFF"},
           {"code": 8, "name": 8, "engines": 10}),
    _layer("fire-coverage", "fire_coverage_map", "Vùng tiếp cận của lực lượng chữa cháy (5, 10, 15 phút)",
           "Fire station coverage (5, 10, 15 minutes)",
           "Vùng xe chữa cháy đến được trong 5, 10 và 15 phút theo mạng lưới đường (pgRouting).",
           "Areas fire engines reach within 5, 10 and 15 minutes over the road network (pgRouting).",
           Layer.Access.PUBLIC,
           _categories("minutes", [("5", "#238B45", "5 phút", "5 minutes"), ("10", "#FEB24C", "10 phút", "10 minutes"),
                                   ("15", "#F03B20", "15 phút", "15 minutes")], opacity=0.25),
           {"station_name": 8, "minutes": 6}),
    _layer("fire-water-sources", "fire_water_source_map", "Nguồn nước chữa cháy", "Fire-fighting water sources",
           "Trụ nước, hồ ao và bể nước chữa cháy với tình trạng và ngày kiểm tra gần nhất.",
           "Hydrants, ponds and tanks with their status and last check.", Layer.Access.INTERNAL,
           _categories("status", [("working", "#1A9850", "Hoạt động tốt", "Working"),
                                  ("weak", "#FDAE61", "Yếu", "Weak"),
                                  ("out_of_order", "#D73027", "Hỏng", "Out of order")]),
           {"code": 8, "name": 10, "kind": 8, "status": 6, "last_checked": 10}),
    _layer("fire-premises", "fire_premises_map", "Cơ sở có nguy cơ cháy nổ cao", "High fire-risk premises",
           "Cơ sở có nguy cơ cháy nổ cao theo nhóm nguy hiểm và tình trạng kiểm tra định kỳ.",
           "High fire-risk premises by risk group and periodic inspection status.", Layer.Access.INTERNAL,
           _categories("inspection_status", [("overdue", "#D73027", "Quá hạn kiểm tra", "Inspection overdue"),
                                             ("due_soon", "#FDAE61", "Sắp đến hạn kiểm tra", "Inspection due soon"),
                                             ("in_order", "#4575B4", "Đúng hạn", "In order")]),
           {"code": 8, "name": 10, "risk_group": 6, "inspection_status": 6, "next_due": 10}),
    _layer("fire-incidents", "fire_incident_map", "Vụ cháy, nổ và cứu nạn cứu hộ", "Fire and rescue incidents",
           "Các vụ cháy, nổ, cứu nạn cứu hộ với thời gian đến hiện trường (không có thông tin thương vong).",
           "Fire, explosion and rescue incidents with response times (no casualty details).", Layer.Access.INTERNAL,
           _categories("status", [("open", "#E31A1C", "Đang xử lý", "Open"), ("closed", "#969696", "Đã kết thúc",
                                                                                     "Closed")]),
           {"code": 8, "title": 8, "kind": 8, "status": 6, "response_min": 10}),
]  # fmt: skip
VIEWS = [spec["table_name"] for spec in FIRE_LAYERS]


def register(stdout: TextIO) -> list[Layer]:
    """Create the layers if missing (keeping edits to existing ones)."""
    layers = []
    with transaction.atomic():
        for spec in FIRE_LAYERS:
            layer, created = Layer.objects.register(spec)
            layers.append(layer)
            stdout.write(f"fire: layer {layer.slug} {'created' if created else 'kept'}.\n")
    return layers


def touch() -> None:
    """Tell the catalogue the views' data changed."""
    for view in VIEWS:
        Layer.objects.touch("public", view)
