"""Simulated values of the demo devices: plausible for Khánh Hòa, moving with the hour of day, never real data.

Each quantity follows a daily cycle (temperature peaks mid-afternoon, PM and NO2 at the rush hours, street lamps
burn from dusk to dawn, water is drawn in the morning and evening) plus a small noise drawn from a generator
seeded by device and minute, so a value is the same whether the demo loader writes it as history or the publisher
sends it live. Cumulative meter indexes grow from the previous index by the simulated flow or power.
"""

import dataclasses
import datetime
import math
import random
import zlib
from collections.abc import Callable
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
TAU = 2 * math.pi


@dataclasses.dataclass(frozen=True)
class Moment:
    """What a value depends on: local hour of day (fractional), a noise generator and the device's traits."""

    hour: float
    noise: random.Random
    traits: frozenset[str]
    phase: float

    def wave(self, peak_hour: float, period: float = 24.0) -> float:
        """A cosine of amplitude 1 peaking at peak_hour."""
        return math.cos(TAU * (self.hour - peak_hour) / period)

    def jitter(self, spread: float) -> float:
        return self.noise.gauss(0.0, spread)

    def rush(self) -> float:
        """0 … 1: the morning (7:30) and evening (17:30) rush hours."""
        return max(math.exp(-(((self.hour - 7.5) / 1.2) ** 2)), math.exp(-(((self.hour - 17.5) / 1.4) ** 2)))

    def dark(self) -> bool:
        return self.hour >= 18.0 or self.hour < 5.5


def _rain(m: Moment) -> float:
    # Afternoon showers some days: a slow wave by device (phase) decides whether it rains now.
    chance = math.sin(TAU * (m.hour / 24 + m.phase)) + 0.6 * m.wave(15.0)
    return round(max(0.0, (chance - 0.9) * 6 + m.jitter(0.3)), 1) if chance > 0.9 else 0.0


def _water_level(m: Moment) -> float:
    base = 2.2 if "high_water" in m.traits else 1.1
    return round(base + 0.35 * m.wave(3.0, 12.42) + m.jitter(0.02), 2)  # a semidiurnal tide near the mouth


def _polluted(m: Moment, clean: float, dirty: float) -> float:
    return dirty if "polluted" in m.traits else clean


def _lamp(m: Moment) -> float:
    return 1.0 if m.dark() else 0.0


def _night_flow(m: Moment) -> float:
    """Water drawn (m³/h): morning and evening peaks; almost nothing at night unless the network leaks."""
    demand = 0.4 + 3.2 * max(math.exp(-(((m.hour - 6.5) / 1.5) ** 2)), math.exp(-(((m.hour - 18.5) / 2) ** 2)))
    if 1.0 <= m.hour < 4.0:
        demand = 0.05
    leak = 0.35 if "leak" in m.traits else 0.0
    return round(max(0.0, demand + leak + m.jitter(0.02)), 3)


# quantity -> value at a moment; gases and particles in µg/m³, water-quality parameters in their catalogue units.
FORMULAS: dict[str, Callable[[Moment], float]] = {
    "temperature": lambda m: round(27.5 + 3.5 * m.wave(14.5) + m.jitter(0.3), 1),
    "humidity": lambda m: round(min(100.0, 77 - 12 * m.wave(14.5) + m.jitter(1.5)), 1),
    "pressure": lambda m: round(1009 + 1.5 * m.wave(10.0, 12.0) + m.jitter(0.2), 1),
    "wind_speed": lambda m: round(max(0.0, 3.2 + 1.8 * m.wave(15.0) + m.jitter(0.5)), 1),
    "wind_direction": lambda m: round((70 + 50 * m.wave(16.0) + m.jitter(10)) % 360),
    "rainfall": _rain,
    "water_level": _water_level,
    "pm25": lambda m: round(max(3.0, 18 + 16 * m.rush() + m.jitter(2.5)), 1),
    "pm10": lambda m: round(max(5.0, 32 + 26 * m.rush() + m.jitter(4.0)), 1),
    "o3": lambda m: round(max(5.0, 55 + 40 * m.wave(14.0) + m.jitter(5.0)), 1),
    "no2": lambda m: round(max(2.0, 22 + 25 * m.rush() + m.jitter(3.0)), 1),
    "so2": lambda m: round(max(1.0, 9 + 3 * m.rush() + m.jitter(1.0)), 1),
    "co": lambda m: round(max(100.0, 750 + 500 * m.rush() + m.jitter(60)), 0),
    "ph": lambda m: round(7.3 + 0.15 * m.wave(15.0) + m.jitter(0.05), 2),
    "water_temperature": lambda m: round(27.0 + 1.2 * m.wave(16.0) + m.jitter(0.1), 1),
    "dissolved_oxygen": lambda m: round(_polluted(m, 6.6, 3.2) + 0.6 * m.wave(15.0) + m.jitter(0.1), 2),
    "bod5": lambda m: round(max(0.5, _polluted(m, 4.5, 18.0) + m.jitter(0.4)), 1),
    "cod": lambda m: round(max(1.0, _polluted(m, 11.0, 38.0) + m.jitter(0.8)), 1),
    "n_nh4": lambda m: round(max(0.01, _polluted(m, 0.2, 1.4) + m.jitter(0.02)), 3),
    "n_no3": lambda m: round(max(0.01, _polluted(m, 1.2, 6.0) + m.jitter(0.1)), 2),
    "p_po4": lambda m: round(max(0.01, _polluted(m, 0.09, 0.45) + m.jitter(0.01)), 3),
    "coliform": lambda m: round(max(100.0, _polluted(m, 2200.0, 9500.0) + m.jitter(200)), 0),
    "turbidity": lambda m: round(max(1.0, _polluted(m, 18.0, 65.0) + m.jitter(2.0)), 1),
    "tss": lambda m: round(max(1.0, _polluted(m, 22.0, 70.0) + m.jitter(2.0)), 1),
    "lamp_state": _lamp,
    "brightness": lambda m: (70.0 if 0 <= m.hour < 5.5 else 100.0) if m.dark() else 0.0,
    "power": lambda m: (
        round(_lamp(m) * (3.2 + m.jitter(0.05)), 2)
        if "lights" in m.traits
        else round(max(1.0, 45 + 30 * m.wave(14.0) + 12 * m.rush() + m.jitter(2.0)), 1)
    ),
    "voltage": lambda m: round(224 + m.jitter(1.5), 1),
    "vehicle_count": lambda m: float(max(0, round(40 + 160 * m.rush() + 30 * m.wave(12.0) + m.jitter(8)))),
    "flow": _night_flow,
}
# Cumulative indexes: the quantity that grows, and the rate (per hour) it grows by.
CUMULATIVE = {"volume": "flow", "energy": "power"}


def moment(code: str, at: datetime.datetime, traits: frozenset[str]) -> Moment:
    local = at.astimezone(LOCAL)
    seed = zlib.crc32(code.encode())
    minute = int(at.timestamp() // 60)
    noise = random.Random(seed * 1_000_003 + minute)  # noqa: S311 (simulated values, not secrets)
    return Moment(local.hour + local.minute / 60, noise, traits, seed % 97 / 97)


def values_at(code: str, quantities: tuple[str, ...], at: datetime.datetime, traits: frozenset[str],
              previous: dict[str, tuple[datetime.datetime, float]]) -> dict[str, float]:  # fmt: skip
    """The device's values at an instant; `previous` holds the last (instant, index) of each cumulative quantity
    and is updated."""
    m = moment(code, at, traits)
    values = {quantity: FORMULAS[quantity](m) for quantity in quantities if quantity in FORMULAS}
    for index, rate in CUMULATIVE.items():
        if index not in quantities:
            continue
        speed = values.get(rate, FORMULAS[rate](m))
        before = previous.get(index)
        if before is None:
            total = 10_000.0 + zlib.crc32(code.encode()) % 5000
        else:
            hours = max(0.0, (at - before[0]).total_seconds() / 3600)
            total = before[1] + speed * hours
        values[index] = round(total, 3)
        previous[index] = (at, values[index])
    return values
