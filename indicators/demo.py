"""Demo indicator set: indicators of the province's set, one dataset per provider, and synthetic values loaded through
the real pipeline (datahub.arrivals.receive), so every value has its lineage like real data.

Values are synthetic (a deterministic function of indicator, period and unit), for the closed periods before today:
24 months, 8 quarters, 3 years. Running the loader again changes nothing; in a new month it adds that month only.
"""

import csv
import datetime
import hashlib
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import TextIO

from django.utils import timezone

from agencies.demo import Tally, upsert
from agencies.models import Agency, Sector
from datahub.arrivals import Arrival, receive
from datahub.models import Dataset, Delivery
from gis_core.models import AdminUnit
from indicators import periods
from indicators.models import Indicator

HISTORY = {periods.MONTH: 24, periods.QUARTER: 8, periods.YEAR: 3}
MONTHLY, QUARTERLY, YEARLY = datetime.timedelta(days=31), datetime.timedelta(days=92), datetime.timedelta(days=366)


@dataclass(frozen=True)
class DemoIndicator:
    code: str
    name: str
    name_en: str
    unit: str
    period: str
    agency: str
    base: float  # typical value
    spread: float  # +/- around it
    level: str = Indicator.Level.PROVINCE
    aggregation: str = Indicator.Aggregation.SUM
    target: float | None = None
    warn_above: float | None = None
    warn_below: float | None = None
    higher_is_better: bool = True
    growth: float = 0.0  # per period


M, Q, Y, U = periods.MONTH, periods.QUARTER, periods.YEAR, Indicator.Level.UNIT
DEMO_INDICATORS = [
    DemoIndicator("grdp-growth", "Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP)", "GRDP growth rate", "%", Q,
                  "so-tc", 7.6, 1.4, target=8.0, warn_below=6.0),
    DemoIndicator("budget-revenue", "Thu ngân sách nhà nước trên địa bàn", "State budget revenue", "tỷ đồng", M,
                  "so-tc", 1450, 260, target=1500, warn_below=900, growth=6),
    DemoIndicator("public-investment-disbursement", "Tỷ lệ giải ngân vốn đầu tư công (lũy kế)",
                  "Public investment disbursed (cumulative)", "%", M, "so-tc", 0, 3, target=95),
    DemoIndicator("commune-budget-revenue", "Thu ngân sách cấp xã", "Commune budget revenue", "tỷ đồng", M, "so-tc",
                  18, 12, level=U, growth=0.1),
    DemoIndicator("retail-sales", "Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng",
                  "Retail sales of goods and consumer services", "tỷ đồng", M, "so-ct", 9800, 700, growth=45),
    DemoIndicator("industrial-production-index", "Chỉ số sản xuất công nghiệp (IIP) so với cùng kỳ",
                  "Index of industrial production (year on year)", "%", M, "so-ct", 107, 6, target=108,
                  warn_below=100),
    DemoIndicator("tourist-arrivals", "Lượt khách du lịch lưu trú", "Overnight tourist arrivals", "nghìn lượt", M,
                  "so-vhttdl", 950, 280, target=1000, growth=8),
    DemoIndicator("health-insurance-coverage", "Tỷ lệ dân số tham gia bảo hiểm y tế", "Health insurance coverage",
                  "%", Q, "so-yt", 93.5, 1.5, target=95, warn_below=90, growth=0.2),
    DemoIndicator("poverty-rate", "Tỷ lệ hộ nghèo", "Poverty rate", "%", Y, "so-nnmt", 2.4, 0.8, level=U,
                  aggregation=Indicator.Aggregation.MEAN, target=1.5, warn_above=6.0, higher_is_better=False,
                  growth=-0.4),
]  # fmt: skip

# (code, name, English name, provider, format, arrival, expected every, indicators or None for dossier statistics)
DEMO_DATASETS = [
    ("so-tc-chi-tieu", "Chỉ tiêu tài chính - ngân sách", "Finance and budget indicators", "so-tc", "json", "push",
     MONTHLY, ("grdp-growth", "budget-revenue", "public-investment-disbursement", "commune-budget-revenue")),
    ("so-ct-chi-tieu", "Chỉ tiêu công thương", "Industry and trade indicators", "so-ct", "xlsx", "file", MONTHLY,
     ("retail-sales", "industrial-production-index")),
    ("so-vhttdl-du-lich", "Khách du lịch", "Tourism", "so-vhttdl", "csv", "file", MONTHLY, ("tourist-arrivals",)),
    ("so-yt-chi-tieu", "Chỉ tiêu y tế", "Health indicators", "so-yt", "pdf", "file", QUARTERLY,
     ("health-insurance-coverage",)),
    ("so-nnmt-ho-ngheo", "Hộ nghèo theo xã, phường", "Poor households by unit", "so-nnmt", "xlsx", "file", YEARLY,
     ("poverty-rate",)),
    ("dich-vu-cong-ho-so", "Kết quả giải quyết thủ tục hành chính", "Administrative procedure results",
     "vp-ubnd-tinh", "json", "push", MONTHLY, None),
]  # fmt: skip
DOSSIER_AGENCIES = ("so-xd", "so-nnmt", "so-tc", "so-yt", "so-gddt", "so-ct", "so-nv", "so-vhttdl", "ca-tinh")
SLOW_AGENCY = "so-xd"  # late more often, so the page has an agency to flag
INDICATOR_SECTOR, DOSSIER_SECTOR = "socio-economic-indicators", "administrative-procedures"


def load(stdout: TextIO) -> Tally:
    """Upsert the indicators and datasets, then deliver the synthetic values; a second run stores nothing new."""
    tally = Tally()
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    missing = {spec.agency for spec in DEMO_INDICATORS} - set(agencies)
    if missing:
        stdout.write(f"indicators: agencies {', '.join(sorted(missing))} missing; load agencies first.\n")
        return tally
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    for order, spec in enumerate(DEMO_INDICATORS, start=1):
        _, outcome = upsert(Indicator, {"code": spec.code}, _indicator_values(spec, order, agencies, sectors))
        tally.add("indicators", outcome)
    today = timezone.localdate()
    units = list(AdminUnit.objects.order_by("code").values_list("code", flat=True))
    for code, name, name_en, provider, fmt, arrival, every, carried in DEMO_DATASETS:
        sector = sectors.get(INDICATOR_SECTOR if carried else DOSSIER_SECTOR)
        values = {"name": name, "name_en": name_en, "provider": agencies[provider], "sector": sector, "format": fmt,
                  "arrival": arrival, "expected_every": every,
                  "target": "indicator_values" if carried else "dossier_stats"}  # fmt: skip
        dataset, outcome = upsert(Dataset, {"code": code}, values)
        tally.add("datasets", outcome)
        rows = _indicator_rows(carried, today, units) if carried else _dossier_rows(today, agencies)
        tally.add("deliveries", deliver_demo_rows(dataset, rows) if rows else "skipped (no units loaded)")
    stdout.write(tally.summary("indicators") + "\n")
    return tally


def _indicator_values(
    spec: DemoIndicator, order: int, agencies: dict[str, Agency], sectors: dict[str, Sector]
) -> dict[str, object]:
    decimal = lambda value: None if value is None else Decimal(str(value))  # noqa: E731
    return {
        "name": spec.name, "name_en": spec.name_en, "unit": spec.unit, "period": spec.period, "level": spec.level,
        "aggregation": spec.aggregation, "agency": agencies[spec.agency], "sector": sectors.get(INDICATOR_SECTOR),
        "target": decimal(spec.target), "warn_above": decimal(spec.warn_above), "warn_below": decimal(spec.warn_below),
        "higher_is_better": spec.higher_is_better, "order": order,
        "description": "Chỉ tiêu mẫu, số liệu tổng hợp (dữ liệu demo).",
    }  # fmt: skip


def _noise(*parts: object) -> float:
    """A stable number in [-1, 1) from the parts."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**31 - 1


def demo_value(spec: DemoIndicator, start: datetime.date, unit: str = "") -> Decimal:
    """The synthetic value of an indicator for a period (and unit)."""
    index = (start.year * 12 + start.month - 1 - 2024 * 12) // periods.months_in(spec.period)  # periods since 2024
    if spec.code == "public-investment-disbursement":  # cumulative through the year
        value = min(100.0, start.month / 12 * 92 + spec.spread * _noise(spec.code, start))
    else:
        scale = 0.4 + 1.2 * (_noise(spec.code, unit) + 1) / 2 if unit else 1.0
        value = (spec.base + spec.growth * index) * scale + spec.spread * _noise(spec.code, start, unit) * scale
    return Decimal(str(round(max(value, 0.0), 2)))


def _indicator_rows(codes: tuple[str, ...], today: datetime.date, units: list[str]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for spec in (spec for spec in DEMO_INDICATORS if spec.code in codes):
        for start in periods.recent(spec.period, today, HISTORY[spec.period]):
            places = units if spec.level == U else [""]
            for unit in places:
                rows.append({"indicator": spec.code, "period": periods.label(spec.period, start), "unit_code": unit,
                             "value": str(demo_value(spec, start, unit)), "uom": spec.unit})  # fmt: skip
    return rows


def _dossier_rows(today: datetime.date, agencies: dict[str, Agency]) -> list[dict[str, object]]:
    """Departments' results for the province, and each commune committee's for its unit (for the public ranking)."""
    rows = []
    communes = [(code, unit) for code in sorted(agencies) if code.startswith("ubnd-")
                for unit in [code.removeprefix("ubnd-")] if unit.isdigit()]  # fmt: skip
    for start in periods.recent(periods.MONTH, today, 12):
        for code in (code for code in DOSSIER_AGENCIES if code in agencies):
            rows.append(_dossier_row(code, "", start, 120, 380, 0.09 if code == SLOW_AGENCY else 0.015))
        for code, unit in communes:
            rows.append(_dossier_row(code, unit, start, 20, 80, 0.01 + 0.05 * (_noise("slow", code, start) + 1) / 2))
    return rows


def _dossier_row(
    code: str, unit: str, start: datetime.date, base: int, spread: int, late_share: float
) -> dict[str, object]:
    received = base + int(spread * (_noise("received", code, start) + 1) / 2)
    late = int(received * late_share * (1 + _noise("late", code, start)))
    in_progress = int(received * 0.04 * (1 + _noise("open", code, start)))
    overdue = int(in_progress * 0.15 * (1 + _noise("overdue", code, start)))
    # With an overdue column, in_progress counts the dossiers still within their deadline (the portal's split).
    return {"agency": code, "unit_code": unit, "period": periods.label(periods.MONTH, start), "received": received,
            "on_time": received - late - in_progress, "late": late, "in_progress": in_progress - overdue,
            "overdue": overdue}  # fmt: skip


def deliver_demo_rows(dataset: Dataset, rows: list[dict[str, object]]) -> str:
    """Send the rows as one CSV file through the pipeline; 'unchanged' when the same file was stored before."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    content = buffer.getvalue().encode("utf-8")
    digest = hashlib.sha256(content).hexdigest()
    if dataset.deliveries.filter(content_sha256=digest, status=Delivery.Status.COMMITTED).exists():
        return "unchanged"
    filename = f"demo-{dataset.code}-{timezone.localdate():%Y-%m}.csv"
    receive(dataset, Arrival(Delivery.Channel.FILE, content, "csv", filename=filename))
    return "created"
