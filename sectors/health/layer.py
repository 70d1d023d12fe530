"""The health facilities layer of the catalogue ("co-so-y-te"): a platform `table` source over health_facility.

The table has the layers trigger (prepare), so every change to a facility bumps the layer's data_version and its
tiles and OGC API Features answers follow at once.
"""

from typing import Any, TextIO

from layers.models import Layer

SLUG = "co-so-y-te"
FACILITY_LAYER: dict[str, Any] = {
    "slug": SLUG,
    "title": "Cơ sở y tế",
    "title_en": "Health facilities",
    "description": "Bệnh viện, trung tâm y tế, trạm y tế xã và phòng khám tư nhân: tuyến, số giường bệnh và số giường "
    "đang sử dụng khi cơ sở báo cáo.",
    "description_en": "Hospitals, medical centres, commune health stations and private clinics: level, beds and "
    "occupied beds where the facility reports them.",
    "keywords": ["y tế", "bệnh viện", "trạm y tế", "health", "hospital"],
    "source": "health.Facility",
    "update_frequency": Layer.Frequency.CONTINUAL,
    "source_kind": "table",
    "schema_name": "public",
    "table_name": "health_facility",
    "geometry_column": "geom",
    "id_column": "id",
    "access": Layer.Access.PUBLIC,
    "published_ogc": True,
    "published_tiles": True,
    "style": {
        "kind": "categories",
        "attribute": "kind",
        "stroke": "#7f0000",
        "opacity": 0.9,
        "default_color": "#888888",
        "categories": [
            {"value": "hospital", "color": "#d7301f", "label": "Bệnh viện", "label_en": "Hospital"},
            {"value": "medical_centre", "color": "#fc8d59", "label": "Trung tâm y tế", "label_en": "Medical centre"},
            {
                "value": "commune_station",
                "color": "#1a9850",
                "label": "Trạm y tế xã",
                "label_en": "Commune health station",
            },
            {
                "value": "private_clinic",
                "color": "#6a51a3",
                "label": "Phòng khám tư nhân",
                "label_en": "Private clinic",
            },
        ],
    },
    "tile_minzoom": 6,
    "tile_maxzoom": 18,
    "tile_attributes": {"code": 6, "name": 10, "kind": 6, "level": 6, "beds": 6, "occupied_beds": 6},
}


def register(stdout: TextIO) -> Layer:
    """Create the layer if missing (keeping edits to an existing one) and sync its summary with the table."""
    layer, created = Layer.objects.register(FACILITY_LAYER)
    stdout.write(f"health: layer {layer.slug} {'created' if created else 'kept'}.\n")
    return layer
