"""The endemic channel chart as SVG drawn on the server (like indicators.charts): the band up to the upper quartile,
the median, and the weekly cases of the commune."""

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from core.formats import fmt_number
from sectors.health.channel import ChannelRow
from sectors.health.outbreaks import week_label

WIDTH, HEIGHT, LEFT, BOTTOM, TOP, RIGHT = 760, 280, 56, 40, 16, 12


def channel_chart(rows: list[ChannelRow], title: str, legend: dict[str, str]) -> SafeString:
    """Weeks along x; the channel (median and upper quartile) and the cases; legend names the three series."""
    if not rows:
        return SafeString("")
    peak = max(max(row.cases, row.upper_quartile or 0, row.median or 0) for row in rows)
    step = _step(peak)
    top = max(step, -(-peak // step) * step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - BOTTOM - TOP

    def x(index: int) -> float:
        return LEFT + plot_w * index / max(len(rows) - 1, 1)

    def y(value: float) -> float:
        return TOP + plot_h - plot_h * value / top

    parts = [format_html('<svg class="dh-chart health-channel" viewBox="0 0 {} {}" role="img" aria-label="{}">',
                         WIDTH, HEIGHT, title)]  # fmt: skip
    mark = 0.0
    while mark <= top:
        parts.append(format_html('<text x="{}" y="{}" text-anchor="end">{}</text>', LEFT - 6, f"{y(mark) + 4:.1f}",
                                 fmt_number(mark)))  # fmt: skip
        mark += step
    band = [(index, row.upper_quartile) for index, row in enumerate(rows) if row.upper_quartile is not None]
    if band:
        outline = [f"{x(i):.1f},{y(v):.1f}" for i, v in band]
        outline += [f"{x(i):.1f},{y(0):.1f}" for i, _v in reversed(band)]
        parts.append(format_html('<polygon points="{}" fill="#fdd49e" stroke="#e34a33" stroke-width="1"/>',
                                 " ".join(outline)))  # fmt: skip
        median = [f"{x(i):.1f},{y(row.median or 0):.1f}" for i, row in enumerate(rows) if row.median is not None]
        parts.append(format_html('<polyline points="{}" fill="none" stroke="#2b8cbe" stroke-width="2" '
                                 'stroke-dasharray="6 4"/>', " ".join(median)))  # fmt: skip
    cases = [f"{x(i):.1f},{y(row.cases):.1f}" for i, row in enumerate(rows)]
    parts.append(format_html('<polyline points="{}" fill="none" stroke="#252525" stroke-width="2"/>', " ".join(cases)))
    for index, row in enumerate(rows):
        dot = '<circle cx="{}" cy="{}" r="3" fill="#252525"><title>{}: {}</title></circle>'
        parts.append(format_html(dot, f"{x(index):.1f}", f"{y(row.cases):.1f}", week_label(row.week), row.cases))
    every = max(1, -(-len(rows) // 10))
    for index, row in enumerate(rows):
        if index % every == 0 or index == len(rows) - 1:
            iso = row.week.isocalendar()
            parts.append(format_html('<text x="{}" y="{}" text-anchor="middle">{}/{}</text>', f"{x(index):.1f}",
                                     HEIGHT - BOTTOM + 16, iso.week, iso.year))  # fmt: skip
    legend_items = (("#252525", legend["cases"]), ("#2b8cbe", legend["median"]), ("#e34a33", legend["upper"]))
    for index, (colour, label) in enumerate(legend_items):
        left = LEFT + index * 230
        parts.append(format_html('<rect x="{}" y="{}" width="14" height="4" fill="{}"/><text x="{}" y="{}">{}</text>',
                                 left, HEIGHT - 12, colour, left + 20, HEIGHT - 6, label))  # fmt: skip
    parts.append(mark_safe("</svg>"))
    return SafeString("".join(parts))


def _step(peak: float) -> float:
    for candidate in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if peak / candidate <= 6:
            return float(candidate)
    return float(10 ** len(str(int(peak))) / 5)
