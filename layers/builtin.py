"""Layers served from the platform's own tables, registered once (idempotently) by register_builtin_layers."""

from io import TextIOBase
from typing import Any

from gis_core.models import AdminUnit
from layers.models import Layer

ADMIN_UNITS: dict[str, Any] = {
    "slug": "admin-units",
    "title": "Đơn vị hành chính cấp xã",
    "title_en": "Communes, wards and the special zone",
    "description": "Ranh giới các xã, phường và đặc khu của tỉnh Khánh Hòa theo chính quyền địa phương hai cấp "
    "(từ ngày 01/7/2025).",
    "description_en": "Boundaries of Khánh Hòa's communes, wards and special zone under two-level local government "
    "(since 1 July 2025).",
    "keywords": ["hành chính", "ranh giới", "xã", "phường", "administrative units", "boundaries"],
    "source": "gis_core.AdminUnit",
    "update_frequency": Layer.Frequency.AS_NEEDED,
    "source_kind": "table",
    "schema_name": "public",
    "table_name": AdminUnit._meta.db_table,
    "geometry_column": "geom",
    "id_column": "id",
    "access": Layer.Access.PUBLIC,
    "published_ogc": True,
    "published_tiles": True,
    "style": {
        "kind": "categories",
        "attribute": "kind",
        "stroke": "#0B3954",
        "opacity": 0.35,
        "default_color": "#BBBBBB",
        "categories": [
            {"value": "xa", "color": "#8DD3C7", "label": "Xã", "label_en": "Commune"},
            {"value": "phuong", "color": "#FDB462", "label": "Phường", "label_en": "Ward"},
            {"value": "dac_khu", "color": "#BEBADA", "label": "Đặc khu", "label_en": "Special zone"},
        ],
    },
    "tile_minzoom": 0,
    "tile_maxzoom": 16,
    "tile_attributes": {"code": 0, "name": 0, "kind": 0, "area_km2": 10},
    "tile_simplify_px": 1.0,
    "tile_simplify_below_zoom": 12,
}
LAND_USE_STATUS: dict[str, Any] = {
    "slug": "land-use-status",
    "title": "Hiện trạng sử dụng đất",
    "title_en": "Current land use",
    "description": "Các khoanh đất của bản đồ hiện trạng sử dụng đất, tô màu theo mã loại đất của danh mục quốc gia.",
    "description_en": "Areas of the land-use status map, coloured by the national land-use code.",
    "keywords": ["hiện trạng", "sử dụng đất", "loại đất", "land use", "status map"],
    "source": "planning.CurrentLandUse",
    "update_frequency": Layer.Frequency.ANNUALLY,
    "source_kind": "table",
    "schema_name": "public",
    # planning.CurrentLandUse's table by name, as layers sits below planning (tests/layers/test_builtin_layers.py).
    "table_name": "planning_currentlanduse",
    "geometry_column": "geom",
    "id_column": "id",
    "access": Layer.Access.PUBLIC,
    "published_ogc": True,
    "published_tiles": True,
    # Colours and names come from the land-use catalogue (planning.layer_style), like every planning page.
    "style": {"kind": "landuse", "attribute": "land_use_id", "stroke": "#6B6B6B", "opacity": 0.7},
    "tile_minzoom": 8,
    "tile_maxzoom": 18,
    "tile_attributes": {"land_use_id": 8, "survey_id": 12},
    "tile_simplify_px": 1.0,
    "tile_simplify_below_zoom": 14,
}
BUILTIN_LAYERS = [ADMIN_UNITS, LAND_USE_STATUS]


def register_builtin_layers(stdout: TextIOBase) -> list[Layer]:
    """Create the missing built-in layers (keeping edits to existing ones) and sync them with their tables."""
    layers = []
    for definition in BUILTIN_LAYERS:
        layer, created = Layer.objects.register(definition)
        stdout.write(f"layers: built-in layer {layer.slug} {'created' if created else 'kept'}.\n")
        layers.append(layer)
    return layers
