"""The schools layer of the catalogue ("truong-hoc"): a platform `table` source over education_school.

Public: the register is public information and the public map shows which schools are closed (style by the
`closed` column). The layers trigger bumps data_version on every change, closures included.
"""

from typing import Any, TextIO

from layers.models import Layer

SLUG = "truong-hoc"
SCHOOL_LAYER: dict[str, Any] = {
    "slug": SLUG,
    "title": "Trường học",
    "title_en": "Schools",
    "description": "Trường mầm non, tiểu học, THCS, THPT và giáo dục nghề nghiệp: công lập hay tư thục, số học sinh, "
    "giáo viên, phòng học; trường đang tạm đóng cửa do thiên tai tô màu đỏ.",
    "description_en": "Preschools, primary, lower and upper secondary and vocational schools: public or private, "
    "pupils, teachers, classrooms; schools closed during a disaster in red.",
    "keywords": ["giáo dục", "trường học", "education", "schools"],
    "source": "education.School",
    "update_frequency": Layer.Frequency.AS_NEEDED,
    "source_kind": "table",
    "schema_name": "public",
    "table_name": "education_school",
    "geometry_column": "geom",
    "id_column": "id",
    "access": Layer.Access.PUBLIC,
    "published_ogc": True,
    "published_tiles": True,
    "style": {
        "kind": "categories",
        "attribute": "closed",
        "stroke": "#08306b",
        "opacity": 0.9,
        "default_color": "#2171b5",
        "categories": [
            {"value": "false", "color": "#2171b5", "label": "Đang hoạt động", "label_en": "Open"},
            {"value": "true", "color": "#e31a1c", "label": "Tạm đóng cửa", "label_en": "Closed"},
        ],
    },
    "tile_minzoom": 6,
    "tile_maxzoom": 18,
    "tile_attributes": {
        "code": 6,
        "name": 10,
        "level": 6,
        "ownership": 10,
        "enrolment": 10,
        "teachers": 10,
        "classrooms": 10,
        "closed": 6,
        "closure_reason": 10,
    },
}


def register(stdout: TextIO) -> Layer:
    """Create the layer if missing (keeping edits to an existing one) and sync its summary with the table."""
    layer, created = Layer.objects.register(SCHOOL_LAYER)
    stdout.write(f"education: layer {layer.slug} {'created' if created else 'kept'}.\n")
    return layer
