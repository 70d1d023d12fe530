"""A layer's default style (one colour, colour by category or by range of an attribute) and its legend.

A style is JSON, for example::

    {"kind": "categories", "attribute": "kind", "default_color": "#BBBBBB",
     "categories": [{"value": "xa", "color": "#8DD3C7", "label": "Xã", "label_en": "Commune"}]}
    {"kind": "ranges", "attribute": "depth_m",
     "ranges": [{"min": 0, "max": 0.5, "color": "#C6DBEF", "label": "0-0,5 m", "label_en": "0-0.5 m"}]}
    {"kind": "single", "color": "#3388FF"}
    {"kind": "landuse", "attribute": "land_use_id"}   (the national land-use codes and their legend colours)
    {"kind": "ramp", "band": 1, "interpolate": false, "opacity": 0.75,
     "stops": [{"value": 0, "color": "#C6DBEF", "label": "0-0,5 m", "label_en": "0-0.5 m"}, ...]}
                                                      (raster layers only: see ColourRamp)

Kinds that draw from a catalogue (such as "landuse") expand to one of the three basic kinds, which is what map
clients receive (Layer.drawing_style) and what the legend is built from. Every kind may add "stroke" (a colour)
and "opacity" (0 to 1). The legend is a list of {color, label, label_en}.
"""

import math
import re
from collections.abc import Collection
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from core.registry import load_class

COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
DEFAULT_COLOUR = "#3388FF"

# planning adds "landuse" (planning.layer_style) from its AppConfig.ready: layers never names planning.
STYLE_KINDS: dict[str, str] = {
    "single": "layers.styles.SingleColour",
    "categories": "layers.styles.ByCategory",
    "ranges": "layers.styles.ByRange",
    "ramp": "layers.styles.ColourRamp",
}
RASTER_KINDS = {"ramp"}  # the kinds that colour a raster's pixels; every other kind colours vector features

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

    def expand(self, style: Style) -> Style:
        """Return the style as one of the basic kinds (single, categories, ranges) that map clients draw."""
        return style


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
    return load_class(STYLE_KINDS, kind, StyleKind, "style kind")()


def style_problems(style: Any, field_names: Collection[str] = (), *, raster: bool = False) -> list[str]:
    """Return what is wrong with a style's JSON for a vector (or raster) layer; an empty style is fine."""
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
    if raster != (style.get("kind", "single") in RASTER_KINDS):
        if raster:
            return [_('a raster layer is coloured by a colour ramp: use "kind": "ramp".')]
        return [_("a colour ramp colours the pixels of raster layers; choose another kind for a vector layer.")]
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


def drawing_style(style: Style) -> Style:
    """Return a valid style in a basic kind map clients draw (an empty style is the default colour)."""
    if not style:
        return {"kind": "single", "color": DEFAULT_COLOUR}
    return style_kind(style).expand(style)


# --- Raster layers: a colour ramp over one band's values ---------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class ColourRamp(StyleKind):
    """Colour a raster band by its value: stops [{value, color, label, label_en}] in increasing order.

    Classes (the default, "interpolate": false): a stop's colour covers its value up to the next stop's;
    the last stop's covers everything above. Interpolated: colours blend linearly between stops and the last
    colour covers everything above. Either way values below the first stop, nodata and NaN are transparent.
    "band" (default 1) names the band; "opacity" is for the map client to apply (tiles are drawn opaque).
    """

    def problems(self, style: Style, field_names: Collection[str]) -> list[str]:
        problems = []
        band = style.get("band", 1)
        if not isinstance(band, int) or isinstance(band, bool) or band < 1:
            problems.append(_('"band" must be a band number (1 for the first band).'))
        if not isinstance(style.get("interpolate", False), bool):
            problems.append(_('"interpolate" must be true or false.'))
        stops = style.get("stops")
        if not isinstance(stops, list) or not stops:
            return [*problems, _('"stops" must be a non-empty list of {value, color, label}.')]
        previous: float | None = None
        for number, stop in enumerate(stops, start=1):
            where = _("stop %(n)d") % {"n": number}
            if not isinstance(stop, dict) or not _is_number(stop.get("value")):
                problems.append(_('%(where)s needs a number "value".') % {"where": where})
                continue
            problems += _colour_problem(stop.get("color"), where)
            if previous is not None and stop["value"] <= previous:
                problems.append(_("%(where)s: the values of the stops must increase.") % {"where": where})
            previous = stop["value"]
        return problems

    def legend(self, style: Style) -> list[LegendEntry]:
        stops = style["stops"]
        if style.get("interpolate", False):
            return [_entry_legend(stop, _number_label(stop["value"])) for stop in stops]
        entries = []
        for stop, following in zip(stops, [*stops[1:], None], strict=True):
            low = _number_label(stop["value"])
            fallback = f"≥ {low}" if following is None else f"{low} - {_number_label(following['value'])}"
            entries.append(_entry_legend(stop, fallback))
        return entries


def _number_label(value: float) -> str:
    return f"{value:g}"


def ramp_rgba(style: Style, values: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """Colour a 2-D array of band values with a valid ramp style: (rows, columns, 4) RGBA bytes, alpha 0 off data."""
    stops = style["stops"]
    levels = np.array([float(stop["value"]) for stop in stops])
    colours = np.array([[int(stop["color"][i : i + 2], 16) for i in (1, 3, 5)] for stop in stops], dtype=np.float64)
    data = np.asarray(values)
    # Index 0 is "below the first stop" (transparent); stop k's class is index k + 1. NaN sorts after every level.
    index = np.searchsorted(levels, data, side="right")
    index[~(np.asarray(valid, dtype=bool) & np.isfinite(data))] = 0
    if style.get("interpolate", False) and len(stops) > 1:
        drawn = index > 0
        rgba = np.zeros((*data.shape, 4), dtype=np.uint8)
        shown = data[drawn].astype(np.float64)
        for channel in range(3):
            rgba[..., channel][drawn] = np.rint(np.interp(shown, levels, colours[:, channel])).astype(np.uint8)
        rgba[..., 3][drawn] = 255
        return rgba
    palette = np.zeros((len(stops) + 1, 4), dtype=np.uint8)
    palette[1:, :3] = colours.astype(np.uint8)
    palette[1:, 3] = 255
    return palette[index]


# Sequential blues (ColorBrewer "Blues"), the default ramp of a raster layer imported without a style.
DEFAULT_RAMP_COLOURS = ["#EFF3FF", "#BDD7E7", "#6BAED6", "#3182BD", "#08519C"]


def default_ramp(low: float | None, high: float | None, band: int = 1) -> Style:
    """Return an interpolated ramp from a band's minimum to its maximum (one stop when they are equal)."""
    if low is None or high is None:
        low, high = 0.0, 1.0
    if high <= low:
        return {"kind": "ramp", "band": band, "stops": [{"value": low, "color": DEFAULT_RAMP_COLOURS[-1]}]}
    steps = len(DEFAULT_RAMP_COLOURS) - 1
    stops = [
        {"value": float(f"{low + (high - low) * i / steps:.6g}"), "color": colour}
        for i, colour in enumerate(DEFAULT_RAMP_COLOURS)
    ]
    return {"kind": "ramp", "band": band, "interpolate": True, "stops": stops}
