"""A layer's default style (one colour, colour by category or by range of an attribute) and its legend.

A style is JSON, for example::

    {"kind": "categories", "attribute": "kind", "default_color": "#BBBBBB",
     "categories": [{"value": "xa", "color": "#8DD3C7", "label": "Xã", "label_en": "Commune"}]}
    {"kind": "ranges", "attribute": "depth_m",
     "ranges": [{"min": 0, "max": 0.5, "color": "#C6DBEF", "label": "0-0,5 m", "label_en": "0-0.5 m"}]}
    {"kind": "single", "color": "#3388FF"}

Every kind may add "stroke" (a colour) and "opacity" (0 to 1). The legend is a list of {color, label, label_en}.
"""

import re
from collections.abc import Collection
from typing import Any

from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
DEFAULT_COLOUR = "#3388FF"

STYLE_KINDS: dict[str, str] = {
    "single": "layers.styles.SingleColour",
    "categories": "layers.styles.ByCategory",
    "ranges": "layers.styles.ByRange",
}

type Style = dict[str, Any]
type LegendEntry = dict[str, str]


class StyleKind:
    """One way of colouring a layer: how its JSON is checked and how its legend reads."""

    def problems(self, style: Style, field_names: Collection[str]) -> list[str]:
        """Return what is wrong with the style (empty when it is valid)."""
        raise NotImplementedError

    def legend(self, style: Style) -> list[LegendEntry]:
        """Return the legend entries of a valid style."""
        raise NotImplementedError


def _colour_problem(value: Any, where: str) -> list[str]:
    if isinstance(value, str) and COLOUR.match(value):
        return []
    return [_("%(where)s: %(value)r is not a colour; write it as #RRGGBB.") % {"where": where, "value": value}]


def _attribute_problems(style: Style, field_names: Collection[str]) -> list[str]:
    attribute = style.get("attribute")
    if not isinstance(attribute, str) or not attribute:
        return [_('the style colours by an attribute: name it in "attribute".')]
    if field_names and attribute not in field_names:
        return [
            _("the attribute %(name)r is not a field of the layer; its fields are: %(fields)s.")
            % {"name": attribute, "fields": ", ".join(field_names)}
        ]
    return []


def _entry_legend(entry: dict[str, Any], fallback: str) -> LegendEntry:
    label = str(entry.get("label") or fallback)
    return {"color": entry["color"], "label": label, "label_en": str(entry.get("label_en") or label)}


class SingleColour(StyleKind):
    def problems(self, style: Style, field_names: Collection[str]) -> list[str]:
        return _colour_problem(style.get("color"), "color")

    def legend(self, style: Style) -> list[LegendEntry]:
        return [_entry_legend(style, style.get("label") or "")]


class ByCategory(StyleKind):
    def problems(self, style: Style, field_names: Collection[str]) -> list[str]:
        problems = _attribute_problems(style, field_names)
        categories = style.get("categories")
        if not isinstance(categories, list) or not categories:
            return [*problems, _('"categories" must be a non-empty list of {value, color, label}.')]
        seen: set[str] = set()
        for number, entry in enumerate(categories, start=1):
            if not isinstance(entry, dict) or "value" not in entry:
                problems.append(_('category %(n)d has no "value".') % {"n": number})
                continue
            problems += _colour_problem(entry.get("color"), _("category %(n)d") % {"n": number})
            if str(entry["value"]) in seen:
                problems.append(
                    _("category %(n)d repeats the value %(value)r.") % {"n": number, "value": entry["value"]}
                )
            seen.add(str(entry["value"]))
        if "default_color" in style:
            problems += _colour_problem(style["default_color"], "default_color")
        return problems

    def legend(self, style: Style) -> list[LegendEntry]:
        return [_entry_legend(entry, str(entry["value"])) for entry in style["categories"]]


class ByRange(StyleKind):
    def problems(self, style: Style, field_names: Collection[str]) -> list[str]:
        problems = _attribute_problems(style, field_names)
        ranges = style.get("ranges")
        if not isinstance(ranges, list) or not ranges:
            return [*problems, _('"ranges" must be a non-empty list of {min, max, color, label}.')]
        for number, entry in enumerate(ranges, start=1):
            where = _("range %(n)d") % {"n": number}
            if not isinstance(entry, dict):
                problems.append(_("%(where)s is not an object.") % {"where": where})
                continue
            problems += _colour_problem(entry.get("color"), where)
            low, high = entry.get("min"), entry.get("max")
            numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (low, high))
            if not numbers or low >= high:  # type: ignore[operator]
                problems.append(_("%(where)s needs numbers min < max.") % {"where": where})
        return problems

    def legend(self, style: Style) -> list[LegendEntry]:
        return [_entry_legend(entry, f"{entry['min']} - {entry['max']}") for entry in style["ranges"]]


def style_kind(style: Style) -> StyleKind:
    """Return the registered kind of a style."""
    kind = style.get("kind", "single")
    if kind not in STYLE_KINDS:
        raise ValueError(kind)
    return import_string(STYLE_KINDS[kind])()


def style_problems(style: Any, field_names: Collection[str] = ()) -> list[str]:
    """Return what is wrong with a style's JSON; an empty style (the default colour) is fine."""
    if style in (None, {}):
        return []
    if not isinstance(style, dict):
        return [_("the style must be a JSON object.")]
    try:
        kind = style_kind(style)
    except ValueError:
        return [
            _("the style kind %(kind)r is unknown; use one of %(kinds)s.")
            % {"kind": style.get("kind"), "kinds": ", ".join(STYLE_KINDS)}
        ]
    problems = kind.problems(style, field_names)
    if "stroke" in style:
        problems += _colour_problem(style["stroke"], "stroke")
    opacity = style.get("opacity", 1)
    if not isinstance(opacity, int | float) or isinstance(opacity, bool) or not 0 <= opacity <= 1:
        problems.append(_('"opacity" must be a number from 0 to 1.'))
    return problems


def legend(style: Style) -> list[LegendEntry]:
    """Return the legend of a valid style; an empty style has one entry in the default colour."""
    if not style:
        return [{"color": DEFAULT_COLOUR, "label": "", "label_en": ""}]
    return style_kind(style).legend(style)
