"""Volume and sentiment of mentions per day, as stacked bars drawn on the server in SVG (no chart library)."""

import datetime

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from core.formats import fmt_date, fmt_number
from sectors.listening.models import Sentiment

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP, PAD_RIGHT = 760, 240, 50, 36, 12, 10
# Bottom to top: the negative share sits on the axis, where it is read first.
STACK = (
    (Sentiment.NEGATIVE, "#c62828"),
    (Sentiment.NEUTRAL, "#8a949e"),
    (Sentiment.POSITIVE, "#2e7d32"),
)


def sentiment_bars(days: list[datetime.date], counts: dict[tuple[datetime.date, str], int], title: str) -> SafeString:
    """Stacked bars of each day's mentions by sentiment; each bar says its figures in a tooltip."""
    totals = [sum(counts.get((day, key), 0) for key, _colour in STACK) for day in days]
    ticks = _count_ticks(max([*totals, 4]))
    top = float(ticks[-1])
    plot_w, plot_h = WIDTH - PAD_LEFT - PAD_RIGHT, HEIGHT - PAD_BOTTOM - PAD_TOP
    slot = plot_w / max(len(days), 1)
    labels = dict(Sentiment.choices)

    def y(value: float) -> float:
        return PAD_TOP + plot_h - value / top * plot_h

    parts = [format_html('<svg class="dh-chart" viewBox="0 0 {} {}" role="img" aria-label="{}">', WIDTH, HEIGHT,
                         title)]  # fmt: skip
    for mark in ticks:
        level = f"{y(float(mark)):.1f}"
        parts.append(format_html('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#e1e5ea"/>'
                                 '<text x="{}" y="{}" text-anchor="end">{}</text>', PAD_LEFT, WIDTH - PAD_RIGHT,
                                 level, level, PAD_LEFT - 6, f"{float(level) + 4:.1f}", fmt_number(mark)))  # fmt: skip
    for index, day in enumerate(days):
        x, base = PAD_LEFT + index * slot + slot * 0.15, 0
        words = ", ".join(f"{labels[key]} {fmt_number(counts.get((day, key), 0))}" for key, _colour in STACK)
        parts.append(format_html("<g><title>{}: {}</title>", fmt_date(day), words))
        for key, colour in STACK:
            value = counts.get((day, key), 0)
            if value:
                parts.append(format_html('<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>', f"{x:.1f}",
                                         f"{y(base + value):.1f}", f"{slot * 0.7:.1f}",
                                         f"{y(base) - y(base + value):.1f}", colour))  # fmt: skip
                base += value
        parts.append(mark_safe("</g>"))
    every = max(1, -(-len(days) // 8))
    for index, day in enumerate(days):
        last = index == len(days) - 1
        if last or (index % every == 0 and len(days) - 1 - index >= every):  # no label crowding the last one
            parts.append(format_html('<text x="{}" y="{}" text-anchor="middle">{}</text>',
                                     f"{PAD_LEFT + (index + 0.5) * slot:.1f}", HEIGHT - PAD_BOTTOM + 16,
                                     day.strftime("%d/%m")))  # fmt: skip
    parts.append(mark_safe("</svg>"))
    return SafeString("".join(parts))


def _count_ticks(high: int) -> list[int]:
    """Whole-number axis marks from 0 past high, about four steps of 1, 2 or 5 times a power of ten."""
    power = 1
    while True:
        for multiple in (1, 2, 5):
            step = multiple * power
            if step * 4 >= high:
                return [step * n for n in range(-(-high // step) + 1)]
        power *= 10


def legend() -> list[tuple[str, str]]:
    """(colour, label) of each sentiment in the chart."""
    labels = dict(Sentiment.choices)
    return [(colour, str(labels[key])) for key, colour in STACK]
