"""The Vietnamese water-quality index, VN_WQI, per the technical guidance of Decision 1460/QĐ-TCMT (12/11/2019).

Pure arithmetic, no database: iot.water feeds it the values of one sample. What the guidance prescribes:
- Five groups of parameters: I pH; II pesticides (Aldrin, BHC, Dieldrin, DDTs, Heptachlor & Heptachlorepoxide);
  III heavy metals (As, Cd, Pb, Cr6+, Cu, Zn, Hg); IV organics and nutrients (DO, BOD5, COD, TOC, N-NH4, N-NO3,
  N-NO2, P-PO4); V micro-organisms (Coliform, E.coli). A sample is rated only with at least 3 of the 5 groups,
  group IV among them with at least 3 of its parameters.
- Turbidity and TSS, which the 2011 guidance (Decision 879/QĐ-TCMT) used, are not parameters of VN_WQI 2019:
  they are stored with the sample and shown, but never enter the index.
- Each parameter's index WQI_SI by linear interpolation between the breakpoints BP_i and their q_i (formulas 1
  and 2 of the guidance are the same straight line read from either end). The q_i = 100 column of a table may be
  "≤ BP_1" or, where BP_1 = BP_2, "< BP_1"; past the last breakpoint the index is 10. Pesticides and N-NO2 are
  pass/fail: 100 within the limit, 10 above it. DO enters as percent saturation, from mg/L and the water
  temperature; pH and DO have a plateau of 100.
- The index:
      VN_WQI = WQI_I/100 · (Π WQI_II)^(1/n)/100 · (Π WQI_III)^(1/m)/100 · [ (mean WQI_IV)² · mean WQI_V ]^(1/3)
  A group without data leaves its factor out; without group V the bracket is the mean of group IV. Rounded to a
  whole number and rated in the six classes (91-100 … below 10).

Where the numbers come from: the decision's own text could not be read when this was checked (the copies found
were behind a login or summaries). The tables are the consensus of five public implementations of the guidance
and of official bulletins citing the decision; the sources, where they disagree and what is still unverified (the
IV/V bracket's exponent, rounding of halves) are in docs/ARCHITECTURE.md (*Environment and utilities*).
"""

import dataclasses
import itertools
import math
from collections.abc import Mapping

Q_STEPS = (100.0, 75.0, 50.0, 25.0, 10.0)  # q_1 … q_5 of the breakpoint tables of groups III, IV and V
FLOOR = 10.0  # the index of a parameter past its last breakpoint or over its limit

# Group I: pH. Below 5.5 and above 9, 10; 5.5 → 50, 6 to 8.5 → 100, 9 → 50, straight lines between.
PH_POINTS = ((5.5, 50.0), (6.0, 100.0), (8.5, 100.0), (9.0, 50.0))
# Group IV, DO in percent saturation: 88-112 % is 100; below 20 % or above 200 %, 10.
DO_POINTS = ((20.0, 25.0), (50.0, 50.0), (75.0, 75.0), (88.0, 100.0), (112.0, 100.0), (125.0, 75.0),
             (150.0, 50.0), (200.0, 25.0))  # fmt: skip

# Pass/fail parameters: 100 up to the limit, 10 above it (the same limit in every column of QCVN 08-MT:2015).
LIMITS: dict[str, float] = {
    # II: pesticides, µg/L.
    "aldrin": 0.1,
    "bhc": 0.02,
    "dieldrin": 0.1,
    "ddts": 1.0,
    "heptachlor": 0.2,  # Heptachlor & Heptachlorepoxide, one parameter
    # IV: N-NO2, mg/L.
    "n_no2": 0.05,
}

# BP_1 … BP_5 for q = 100, 75, 50, 25, 10. None as BP_5 means the table writes "> BP_4": every value above BP_4
# rates 10. Where BP_1 = BP_2 (N-NH4, Cd, Pb, Hg) the q = 100 column reads "< BP_1", so BP_1 itself rates 75.
BREAKPOINTS: dict[str, tuple[float, float, float, float, float | None]] = {
    # III: heavy metals, mg/L.
    "as": (0.01, 0.02, 0.05, 0.1, None),
    "cd": (0.005, 0.005, 0.008, 0.01, 0.1),
    "pb": (0.02, 0.02, 0.04, 0.05, 0.5),
    "cr6": (0.01, 0.02, 0.04, 0.05, 0.1),
    "cu": (0.1, 0.2, 0.5, 1.0, 2.0),
    "zn": (0.5, 1.0, 1.5, 2.0, 3.0),
    "hg": (0.001, 0.001, 0.0015, 0.002, 0.01),
    # IV: organics and nutrients, mg/L.
    "bod5": (4.0, 6.0, 15.0, 25.0, 50.0),
    "cod": (10.0, 15.0, 30.0, 50.0, 150.0),
    "toc": (4.0, 6.0, 15.0, 25.0, 50.0),
    "n_nh4": (0.3, 0.3, 0.6, 0.9, 5.0),
    "n_no3": (2.0, 5.0, 10.0, 15.0, None),
    "p_po4": (0.1, 0.2, 0.3, 0.5, 4.0),
    # V: micro-organisms, MPN or CFU per 100 mL.
    "coliform": (2500.0, 5000.0, 7500.0, 10000.0, None),
    "e_coli": (20.0, 50.0, 100.0, 200.0, None),
}

GROUPS: dict[str, tuple[str, ...]] = {
    "I": ("ph",),
    "II": ("aldrin", "bhc", "dieldrin", "ddts", "heptachlor"),
    "III": ("as", "cd", "pb", "cr6", "cu", "zn", "hg"),
    "IV": ("dissolved_oxygen", "bod5", "cod", "toc", "n_nh4", "n_no3", "n_no2", "p_po4"),
    "V": ("coliform", "e_coli"),
}
PARAMETERS = tuple(code for codes in GROUPS.values() for code in codes)
# Stored with a sample (DO saturation needs the temperature; turbidity and TSS are shown) but not indexed.
COMPANIONS = ("water_temperature", "turbidity", "tss")
MIN_GROUPS = 3
MIN_GROUP_IV = 3


@dataclasses.dataclass(frozen=True)
class WqiClass:
    """A row of the rating scale: the WQI range, its rating, colour and the uses the water suits."""

    low: int
    high: int
    label: str
    label_en: str
    colour_name: str
    rgb: tuple[int, int, int]
    use: str

    @property
    def hex(self) -> str:
        return "#{:02X}{:02X}{:02X}".format(*self.rgb)


# 26-50 is "Xấu" (bad) and 10-25 "Kém" (poor): the reverse of VN_AQI's order, as the decision writes it.
CLASSES = (
    WqiClass(91, 100, "Rất tốt", "Very good", "Xanh nước biển", (51, 51, 255),
             "Sử dụng tốt cho mục đích cấp nước sinh hoạt"),
    WqiClass(76, 90, "Tốt", "Good", "Xanh lá cây", (0, 228, 0),
             "Sử dụng cho mục đích cấp nước sinh hoạt nhưng cần các biện pháp xử lý phù hợp"),
    WqiClass(51, 75, "Trung bình", "Moderate", "Vàng", (255, 255, 0),
             "Sử dụng cho mục đích tưới tiêu và các mục đích tương đương khác"),
    WqiClass(26, 50, "Xấu", "Bad", "Da cam", (255, 126, 0),
             "Sử dụng cho giao thông thủy và các mục đích tương đương khác"),
    WqiClass(10, 25, "Kém", "Poor", "Đỏ", (255, 0, 0), "Nước ô nhiễm nặng, cần các biện pháp xử lý trong tương lai"),
    WqiClass(0, 9, "Ô nhiễm rất nặng", "Very heavily polluted", "Nâu", (126, 0, 35),
             "Nước nhiễm độc, cần có biện pháp khắc phục, xử lý"),
)  # fmt: skip


def class_of(wqi: int) -> WqiClass:
    """The class of a WQI value."""
    for row in CLASSES:
        if wqi >= row.low:
            return row
    return CLASSES[-1]


def round_half_up(value: float) -> int:
    """Round to the whole number the guidance publishes; halves go up."""
    return math.floor(value + 0.5)


def _through(points: tuple[tuple[float, float], ...], value: float) -> float:
    """Linear interpolation through (BP, q) points; outside them, FLOOR."""
    if value < points[0][0] or value > points[-1][0]:
        return FLOOR
    for (bp_low, q_low), (bp_high, q_high) in itertools.pairwise(points):
        if bp_low <= value <= bp_high:
            return q_low + (q_high - q_low) * (value - bp_low) / (bp_high - bp_low)
    return FLOOR  # pragma: no cover (the points cover the range)


def ph_index(ph: float) -> float:
    """WQI_pH: 10 below 5.5 and above 9, 100 from 6 to 8.5, straight lines between (50 at 5.5 and at 9)."""
    return _through(PH_POINTS, ph)


def do_saturation(temperature: float) -> float:
    """DO at saturation, mg/L, at a water temperature in °C (the guidance's cubic)."""
    t = temperature
    return 14.652 - 0.41022 * t + 0.0079910 * t**2 - 0.000077774 * t**3


def do_percent(do_mg_l: float, temperature: float) -> float:
    """Dissolved oxygen as percent of saturation."""
    return do_mg_l / do_saturation(temperature) * 100


def do_index(percent: float) -> float:
    """WQI_DO from percent saturation: 10 below 20 % and above 200 %, 100 from 88 % to 112 %."""
    return _through(DO_POINTS, percent)


def parameter_index(code: str, concentration: float) -> float:
    """WQI_SI of a parameter of groups II-V: its limit, or formula 1 between the breakpoints around the value."""
    if code in LIMITS:
        return Q_STEPS[0] if concentration <= LIMITS[code] else FLOOR
    points = [(bp, q) for bp, q in zip(BREAKPOINTS[code], Q_STEPS, strict=True) if bp is not None]
    if concentration < points[0][0]:
        return Q_STEPS[0]
    # A value on a breakpoint takes the q of the last column carrying it: with BP_1 = BP_2 that is q_2 = 75.
    for bp, q in reversed(points):
        if concentration == bp:
            return q
    for (bp_low, q_low), (bp_high, q_high) in itertools.pairwise(points):
        if bp_low < concentration < bp_high:
            return (q_low - q_high) / (bp_high - bp_low) * (bp_high - concentration) + q_high
    return FLOOR


@dataclasses.dataclass(frozen=True)
class Result:
    """A sample's VN_WQI with every parameter's index and each group's aggregate."""

    wqi: int
    sub_indices: dict[str, float]
    groups: dict[str, float]

    @property
    def wqi_class(self) -> WqiClass:
        return class_of(self.wqi)


class NotRateable(ValueError):
    """The sample lacks what the guidance requires (3 of 5 groups, group IV with 3 parameters)."""


def sub_indices(values: Mapping[str, float]) -> dict[str, float]:
    """The WQI_SI of every indexed parameter present; DO needs the water temperature beside it."""
    subs: dict[str, float] = {}
    for code, value in values.items():
        if code == "ph":
            subs[code] = ph_index(value)
        elif code == "dissolved_oxygen":
            temperature = values.get("water_temperature")
            if temperature is not None:
                subs[code] = do_index(do_percent(value, temperature))
        elif code in BREAKPOINTS or code in LIMITS:
            subs[code] = parameter_index(code, value)
    return subs


def _geometric_mean(items: list[float]) -> float:
    return math.prod(items) ** (1 / len(items))


def compute(values: Mapping[str, float]) -> Result:
    """VN_WQI of one sample; NotRateable when the sample has too few groups or group IV parameters."""
    subs = sub_indices(values)
    present = {name: [subs[code] for code in codes if code in subs] for name, codes in GROUPS.items()}
    present = {name: items for name, items in present.items() if items}
    if len(present.get("IV", [])) < MIN_GROUP_IV:
        raise NotRateable(f"group IV has {len(present.get('IV', []))} parameters; at least {MIN_GROUP_IV} needed")
    if len(present) < MIN_GROUPS:
        raise NotRateable(f"{len(present)} groups of parameters; at least {MIN_GROUPS} needed")
    groups: dict[str, float] = {}
    factor = 1.0
    if "I" in present:
        groups["I"] = present["I"][0]
        factor *= groups["I"] / 100
    for name in ("II", "III"):  # toxic groups: the geometric mean lets one bad parameter pull the index down
        if name in present:
            groups[name] = _geometric_mean(present[name])
            factor *= groups[name] / 100
    groups["IV"] = sum(present["IV"]) / len(present["IV"])
    if "V" in present:
        groups["V"] = sum(present["V"]) / len(present["V"])
        bracket = (groups["IV"] ** 2 * groups["V"]) ** (1 / 3)
    else:
        bracket = groups["IV"]
    wqi = round_half_up(factor * bracket)
    return Result(
        wqi, {code: round(value, 2) for code, value in subs.items()},
        {name: round(value, 2) for name, value in groups.items()},
    )  # fmt: skip
