"""The data of a choropleth of units, as indicators/static/indicators/choropleth.js draws it, for any page's map.

Classes are quantiles of the values (five classes), so the map's colours and its legend come from the same limits.
Shared by the indicator page's colours and the sector pages (health incidence and coverage, pupils per teacher).
"""

import itertools
from typing import Any

from core.formats import fmt_number

# Five classes from light to dark (colour-blind safe, ColorBrewer YlGnBu).
CLASS_COLOURS = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
NO_VALUE_COLOUR = "#bbbbbb"  # units without a value, on the map and in its legend


def choropleth(values: dict[str, float], label: str, fmt: str) -> dict[str, Any]:
    """Return the data choropleth.js reads: classes, colours, legend, values."""
    ordered = sorted(values.values())
    breaks = [ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1) / 5))] for q in range(6)] if ordered else []
    classes = {code: next((i for i in range(5) if value <= breaks[i + 1]), 4) for code, value in values.items()}
    legend = [(CLASS_COLOURS[i], f"{fmt_number(low, 1)} \u2013 {fmt_number(high, 1)}")
              for i, (low, high) in enumerate(itertools.pairwise(breaks))]  # fmt: skip
    return {"values": values, "classes": classes, "colours": CLASS_COLOURS, "none": NO_VALUE_COLOUR,
            "label": label, "format": fmt, "legend": legend}  # fmt: skip
