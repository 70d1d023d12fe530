"""The Vietnamese air-quality index, VN_AQI, per the technical guidance of Decision 1459/QĐ-TCMT (12/11/2019).

Pure arithmetic, no database: iot.air feeds it hourly averages.
- Hourly AQI (2.2.1): PM2.5 and PM10 from the Nowcast of the last 12 hourly averages, SO2, CO, NO2 and O3 from
  the hourly average; each quantity's AQI by linear interpolation in Table 2 (formulas 1 and 2); the station's
  AQI is the largest, rounded to a whole number, and needs PM2.5 or PM10.
- Daily AQI (2.2.2): 24-hour means for PM, the day's largest hourly means (and 8-hour mean for O3) for gases.
- Colour bands of Table 1. All concentrations are in µg/m³.
"""

import dataclasses
import math
from collections.abc import Mapping, Sequence

# Table 2: I_i and the breakpoints BP_i of each quantity (µg/m³); None where the table has "-".
INDEX_STEPS = (0, 50, 100, 150, 200, 300, 400, 500)
BREAKPOINTS: dict[str, tuple[float | None, ...]] = {
    "o3": (0, 160, 200, 300, 400, 800, 1000, 1200),
    "o3_8h": (0, 100, 120, 170, 210, 400, None, None),
    "co": (0, 10_000, 30_000, 45_000, 60_000, 90_000, 120_000, 150_000),
    "so2": (0, 125, 350, 550, 800, 1600, 2100, 2630),
    "no2": (0, 100, 200, 700, 1200, 2350, 3100, 3850),
    "pm10": (0, 50, 150, 250, 350, 420, 500, 600),
    "pm25": (0, 25, 50, 80, 150, 250, 350, 500),
}
PARTICLES = ("pm25", "pm10")
GASES = ("o3", "no2", "so2", "co")
QUANTITIES = PARTICLES + GASES


@dataclasses.dataclass(frozen=True)
class Band:
    """A row of Table 1: the AQI range, its rating and official colour."""

    low: int
    high: int
    label: str
    label_en: str
    colour_name: str
    rgb: tuple[int, int, int]

    @property
    def hex(self) -> str:
        return "#{:02X}{:02X}{:02X}".format(*self.rgb)


BANDS = (
    Band(0, 50, "Tốt", "Good", "Xanh", (0, 228, 0)),
    Band(51, 100, "Trung bình", "Moderate", "Vàng", (255, 255, 0)),
    Band(101, 150, "Kém", "Poor", "Da cam", (255, 126, 0)),
    Band(151, 200, "Xấu", "Bad", "Đỏ", (255, 0, 0)),
    Band(201, 300, "Rất xấu", "Very bad", "Tím", (143, 63, 151)),
    Band(301, 500, "Nguy hại", "Hazardous", "Nâu", (126, 0, 35)),
)


def band_of(aqi: int) -> Band:
    """The colour band of an AQI value (values over 500 stay in the last band)."""
    for band in BANDS:
        if aqi <= band.high:
            return band
    return BANDS[-1]


def round_half_up(value: float) -> int:
    """The guidance rounds to a whole number; halves go up (109.5 → 110 as in its worked example)."""
    return math.floor(value + 0.5)


def nowcast(hourly: Sequence[float | None]) -> float | None:
    """The Nowcast of c1 (the current hour) … c12; None when fewer than two of c1, c2, c3 are known.

    w* = Cmin / Cmax; w = w* if above 1/2, else 1/2. A missing hour gets weight 0. The guidance writes the
    w = 1/2 case as Σ (1/2)^i · c_i without dividing; that is the weighted mean below with Σ (1/2)^(i-1) ≈ 2,
    so the one formula (weighted mean) is used for both cases, which also stays right when hours are missing.
    """
    values = list(hourly[:12])
    if sum(1 for value in values[:3] if value is not None) < 2:
        return None
    known = [value for value in values if value is not None]
    high = max(known)
    if high <= 0:
        return 0.0
    weight = max(min(known) / high, 0.5)
    numerator = denominator = 0.0
    for index, value in enumerate(values):
        if value is not None:
            numerator += weight**index * value
            denominator += weight**index
    return numerator / denominator


def sub_index(quantity: str, concentration: float) -> float | None:
    """AQI_x by linear interpolation in Table 2 (formulas 1 and 2); None past the table's last breakpoint."""
    steps = BREAKPOINTS[quantity]
    if concentration < 0:
        return None
    for level in range(len(steps) - 1):
        low, high = steps[level], steps[level + 1]
        if low is None or high is None:
            return None
        if concentration <= high:
            i_low, i_high = INDEX_STEPS[level], INDEX_STEPS[level + 1]
            return (i_high - i_low) / (high - low) * (concentration - low) + i_low
    return float(INDEX_STEPS[-1])  # beyond the last breakpoint (≥ 500 for PM2.5): the scale's top


@dataclasses.dataclass(frozen=True)
class Result:
    """A station's AQI with each quantity's AQI and the one that decided it."""

    aqi: int
    dominant: str
    sub_indices: dict[str, float]

    @property
    def band(self) -> Band:
        return band_of(self.aqi)


def combine(subs: Mapping[str, float | None]) -> Result | None:
    """The largest AQI_x, rounded; None without PM2.5 or PM10 (the guidance requires one of them)."""
    known = {quantity: value for quantity, value in subs.items() if value is not None}
    if not any(quantity in known for quantity in PARTICLES):
        return None
    dominant = max(known, key=lambda quantity: known[quantity])
    return Result(round_half_up(known[dominant]), dominant, {key: round(value, 2) for key, value in known.items()})


def hourly(particles: Mapping[str, Sequence[float | None]], gases: Mapping[str, float | None]) -> Result | None:
    """The hourly AQI from the last 12 hourly means of each particle size (c1 first) and this hour's gas means."""
    subs: dict[str, float | None] = {}
    for quantity in PARTICLES:
        series = particles.get(quantity)
        value = nowcast(series) if series else None
        subs[quantity] = sub_index(quantity, value) if value is not None else None
    for quantity in GASES:
        value = gases.get(quantity)
        subs[quantity] = sub_index(quantity, value) if value is not None else None
    return combine(subs)


def daily(
    means_24h: Mapping[str, float | None], max_1h: Mapping[str, float | None], o3_max_8h: float | None
) -> Result | None:
    """The daily AQI: PM from 24-hour means; gases from the day's largest hourly mean; O3 also from its 8-hour one."""
    subs: dict[str, float | None] = {}
    for quantity in PARTICLES:
        value = means_24h.get(quantity)
        subs[quantity] = sub_index(quantity, value) if value is not None else None
    for quantity in GASES:
        value = max_1h.get(quantity)
        subs[quantity] = sub_index(quantity, value) if value is not None else None
    # O3: the larger of its 1-hour and 8-hour AQI; the 8-hour one is not used above 400 µg/m³ (2.2.2 b).
    if o3_max_8h is not None and o3_max_8h <= 400:
        eight = sub_index("o3_8h", o3_max_8h)
        if eight is not None and (subs.get("o3") is None or eight > (subs["o3"] or 0)):
            subs["o3"] = eight
    return combine(subs)
