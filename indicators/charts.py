"""Small SVG charts drawn on the server (no chart library, works offline): sparklines and a time-series chart."""

import datetime
import math
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from core.formats import fmt_number

STEP_MULTIPLES = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 760, 260, 70, 40, 16


def sparkline(points: list[Decimal], width: int = 120, height: int = 28) -> str:
    """The 'points' attribute of a polyline through the values, scaled into the box."""
    if len(points) < 2:
        return ""
    low, high = min(points), max(points)
    span = (high - low) or Decimal(1)
    step = width / (len(points) - 1)
    return " ".join(
        f"{index * step:.1f},{height - 2 - float((value - low) / span) * (height - 4):.1f}"
        for index, value in enumerate(points)
    )


def line_chart(
    series: list[tuple[datetime.date, Decimal | None]], labels: list[str], lines: dict[str, Decimal | None], title: str
) -> SafeString:
    """A line chart of a series with horizontal lines (target, warning limits); missing periods break the line."""
    known = [value for _start, value in series if value is not None]
    references = [value for value in lines.values() if value is not None]
    if not known:
        return SafeString("")
    low, high = min(known + references), max(known + references)
    never_negative = low >= 0
    if low == high:
        low, high = low - 1, high + 1
    margin = (high - low) / 10
    # Counts and amounts are never negative: the axis stops at zero instead of inventing negative room below.
    floor = Decimal(0) if never_negative else low - margin
    ticks, decimals = _ticks(max(low - margin, floor), high + margin)
    low, high = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - PAD_LEFT - 10, HEIGHT - PAD_BOTTOM - PAD_TOP

    def x(index: int) -> float:
        return PAD_LEFT + (plot_w * index / max(len(series) - 1, 1))

    def y(value: Decimal) -> float:
        return PAD_TOP + plot_h - float((value - low) / (high - low)) * plot_h

    opening = '<svg class="dh-chart" viewBox="0 0 {} {}" role="img" aria-label="{}">'
    parts: list[str] = [format_html(opening, WIDTH, HEIGHT, title)]
    for mark in ticks:
        parts.append(format_html('<text x="{}" y="{}" text-anchor="end">{}</text>', PAD_LEFT - 6, f"{y(mark) + 4:.1f}",
                                 fmt_number(mark, decimals)))  # fmt: skip
    for css, level in lines.items():
        if level is not None:
            parts.append(format_html('<line class="{}" x1="{}" x2="{}" y1="{}" y2="{}"/>', css, PAD_LEFT,
                                     WIDTH - 10, f"{y(level):.1f}", f"{y(level):.1f}"))  # fmt: skip
    segment: list[str] = []
    for index, (_start, value) in enumerate(series):
        if value is None:
            parts.append(_polyline(segment))
            segment = []
            continue
        segment.append(f"{x(index):.1f},{y(value):.1f}")
        circle = '<circle cx="{}" cy="{}" r="3" fill="#1f6fb2"><title>{}: {}</title></circle>'
        parts.append(format_html(circle, f"{x(index):.1f}", f"{y(value):.1f}", labels[index], fmt_number(value, 2)))
    parts.append(_polyline(segment))
    every = max(1, -(-len(labels) // 12))  # at most about 12 labels under the axis
    for index, label in enumerate(labels):
        if index % every and index != len(labels) - 1:
            continue
        parts.append(format_html('<text x="{}" y="{}" text-anchor="middle">{}</text>', f"{x(index):.1f}",
                                 HEIGHT - PAD_BOTTOM + 16, label))  # fmt: skip
    parts.append(mark_safe("</svg>"))
    return SafeString("".join(parts))


def _polyline(points: list[str]) -> str:
    if len(points) < 2:
        return ""
    return f'<polyline class="dh-line" points="{escape(" ".join(points))}"/>'


def _ticks(low: Decimal, high: Decimal) -> tuple[list[Decimal], int]:
    """Round axis marks (steps of 1, 2, 2.5 or 5 times a power of ten) covering low to high, and their decimals."""
    raw = (high - low) / 4
    power = Decimal(10) ** math.floor(math.log10(raw))
    step = next(power * m for m in STEP_MULTIPLES if power * m >= raw)
    first, last = math.floor(low / step), math.ceil(high / step)
    exponent = step.normalize().as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return [step * n for n in range(first, last + 1)], decimals
