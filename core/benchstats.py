"""Percentiles for the benchmarks: a tail percentile is printed only when enough samples lie beyond it.

A p95 over 10 samples is the maximum, not a p95. Every benchmark formats its percentiles here, so a figure with
too few samples says so in the output instead of printing a number.
"""

import math
import statistics
from collections.abc import Sequence

BEYOND = 5  # samples that must lie past a percentile for it to be told apart from the maximum


def min_samples(percent: float) -> int:
    """Return the fewest samples a percentile needs: 100 for p95, 500 for p99; 1 for the median."""
    if percent <= 50:
        return 1
    return math.ceil(BEYOND * 100 / (100 - percent) - 1e-9)


def percentile(values: Sequence[float], percent: float) -> float | None:
    """Return the nearest-rank percentile, or None when there are too few values to tell it from the maximum."""
    if not values or len(values) < min_samples(percent):
        return None
    if percent == 50:
        return statistics.median(values)
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * percent / 100) - 1)]


def describe(values: Sequence[float], percent: float, unit: str = "ms", digits: int = 2) -> str:
    """Format 'p95 12.34 ms', or say why the percentile is not printed."""
    value = percentile(values, percent)
    label = f"p{percent:g}"
    if value is None:
        return f"{label} not printed ({len(values)} samples, needs >= {min_samples(percent)})"
    return f"{label} {value:.{digits}f} {unit}"


def summary(values: Sequence[float], unit: str = "ms", digits: int = 2, tail: float = 95) -> str:
    """Format 'p50 …, p95 … over N samples' for a list of timings."""
    return f"p50 {statistics.median(values):.{digits}f} {unit}, {describe(values, tail, unit, digits)}"
