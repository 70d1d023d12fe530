"""The "landuse" layer style: colour features by their land-use code with the catalogue's legend colours.

Registered in layers.styles.STYLE_KINDS. The colours and names come from planning.LandUseCode (loaded from
fixtures/landuse_codes.json), so the maps, their legends and the planning pages always agree.
"""

from collections.abc import Collection

from django.utils.translation import gettext as _

from layers.styles import COLOUR, ByCategory, LegendEntry, Style, StyleKind
from planning.models import LandUseCode

UNKNOWN_CODE_COLOUR = "#BBBBBB"


class LandUseCodes(StyleKind):
    """Categories by land-use code, one per code of the national catalogue."""

    def problems(self, style: Style, field_names: Collection[str]) -> list[str]:
        attribute = style.get("attribute")
        if not isinstance(attribute, str) or not attribute:
            return [_('the style colours by a land-use code: name its attribute in "attribute".')]
        if field_names and attribute not in field_names:
            return [
                _("the attribute %(name)r is not a field of the layer; its fields are: %(fields)s.")
                % {"name": attribute, "fields": ", ".join(field_names)}
            ]
        default = style.get("default_color", UNKNOWN_CODE_COLOUR)
        if not isinstance(default, str) or not COLOUR.match(default):
            return [_("default_color: %(value)r is not a colour; write it as #RRGGBB.") % {"value": default}]
        return []

    def expand(self, style: Style) -> Style:
        codes = LandUseCode.objects.order_by("sort_order", "code").values_list("code", "colour", "name_vi", "name_en")
        categories = [
            {"value": code, "color": colour, "label": f"{code} — {name_vi}", "label_en": f"{code} — {name_en}"}
            for code, colour, name_vi, name_en in codes
        ]
        expanded = {key: value for key, value in style.items() if key in ("stroke", "opacity")}
        return {
            **expanded,
            "kind": "categories",
            "attribute": style["attribute"],
            "default_color": style.get("default_color", UNKNOWN_CODE_COLOUR),
            "categories": categories,
        }

    def legend(self, style: Style) -> list[LegendEntry]:
        return ByCategory().legend(self.expand(style))
