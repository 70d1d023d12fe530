"""The report's bar chart of alerts per agency: the count axis starts at zero and steps by whole alerts."""

import re
from types import SimpleNamespace

from django.utils import translation
from reportlab.graphics import renderSVG

from core.pdf_fonts import register_fonts
from reports.pdf import _bar_chart


def _axis_labels(forwarded: list[int], resolved: list[int]) -> list[str]:
    agencies = [
        SimpleNamespace(name=f"Cơ quan {index}", forwarded=f, resolved=r)
        for index, (f, r) in enumerate(zip(forwarded, resolved, strict=True))
    ]
    register_fonts()
    drawing = _bar_chart(agencies)
    chart = drawing.contents[0]
    assert chart.valueAxis.valueMin == 0
    svg = renderSVG.drawToString(drawing)
    names = {agency.name for agency in agencies}
    texts = [text.strip() for text in re.findall(r">([^<>]+)</text>", svg)]
    return [text for text in texts if text and text not in names]


def test_small_counts_step_by_whole_alerts_from_zero() -> None:
    labels = _axis_labels([2, 1], [1, 0])
    assert labels[0] == "0"
    assert labels == [str(n) for n in range(len(labels))]  # 0, 1, 2…: no half alerts, nothing below zero


def test_an_agency_without_alerts_still_gets_an_axis_from_zero() -> None:
    labels = _axis_labels([0], [0])
    assert labels[0] == "0" and not any(label.startswith("-") for label in labels)


def test_large_counts_are_written_with_vietnamese_separators() -> None:
    with translation.override("vi"):
        labels = _axis_labels([1200, 300], [900, 100])
    assert labels[0] == "0" and "1.200" in labels
