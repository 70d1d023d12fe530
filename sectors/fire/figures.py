"""The fire service's indicators, computed from the registers (never synthetic), and their publication.

- median response time by commune (minutes from report to arrival), per month of the report;
- share of high-risk premises inside some station's 10-minute coverage;
- share of hydrants working;
- inspections overdue.
`publish` sends the registers' figures as those of the month just closed (and the response-time medians of the last
12 months, by month of report) through the datahub pipeline as indicator values of the fire police, so they carry
lineage and feed the indicator pages and the service page like any delivered data. A file equal to one already
stored is not sent again.
"""

import csv
import datetime
import hashlib
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from agencies.models import Agency, Sector
from datahub.arrivals import Arrival, receive
from datahub.models import Dataset, Delivery
from indicators import periods
from indicators.models import Indicator
from sectors.fire.models import Premises, WaterSource

AGENCY = "ca-tinh-pccc"
DATASET = "ca-tinh-pccc-chi-so"
RESPONSE, COVERED, HYDRANTS, OVERDUE = (
    "fire-response-median-minutes", "fire-premises-covered-10min", "fire-hydrants-working", "fire-inspections-overdue",
)  # fmt: skip
COMPUTED = "Tính từ sổ theo dõi của lực lượng PCCC trên nền tảng (không nhập tay)."
# code -> (name, English name, unit of measure, level, aggregation, target, warn_above, warn_below, higher is better)
INDICATORS: dict[str, tuple[Any, ...]] = {
    RESPONSE: ("Thời gian trung vị lực lượng chữa cháy đến hiện trường", "Median time for fire fighters to reach the "
               "scene", "phút", Indicator.Level.UNIT, Indicator.Aggregation.MEAN, 10, 15, None, False),
    COVERED: ("Tỷ lệ cơ sở nguy cơ cháy nổ cao trong vùng 10 phút của đội chữa cháy", "High-risk premises within "
              "10 minutes of a fire station", "%", Indicator.Level.PROVINCE, Indicator.Aggregation.MEAN, 100, None, 80,
              True),
    HYDRANTS: ("Tỷ lệ trụ nước chữa cháy hoạt động tốt", "Hydrants working", "%", Indicator.Level.PROVINCE,
               Indicator.Aggregation.MEAN, 95, None, 85, True),
    OVERDUE: ("Số cơ sở quá hạn kiểm tra định kỳ về PCCC", "Premises with the fire inspection overdue", "cơ sở",
              Indicator.Level.PROVINCE, Indicator.Aggregation.SUM, 0, 5, None, False),
}  # fmt: skip
HISTORY_MONTHS = 12
# The fire sector's former synthetic indicators (services.demo), retired now that these are computed.
RETIRED = ("fires", "fire-response-minutes")


@dataclass
class Figures:
    premises: int
    covered: int
    hydrants: int
    hydrants_working: int
    overdue: int
    median_response_min: float | None

    @property
    def covered_share(self) -> float | None:
        return 100 * self.covered / self.premises if self.premises else None

    @property
    def hydrants_share(self) -> float | None:
        return 100 * self.hydrants_working / self.hydrants if self.hydrants else None


def current(today: datetime.date | None = None) -> Figures:
    """Return the figures of the registers as they stand."""
    today = today or timezone.localdate()
    premises = Premises.objects.count()
    hydrants = WaterSource.objects.filter(kind=WaterSource.Kind.HYDRANT)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY response_s) / 60.0 FROM fire_fireincident"
            " WHERE response_s IS NOT NULL AND reported_at >= %s",
            [today - datetime.timedelta(days=365)],
        )
        median = cursor.fetchone()[0]
    return Figures(
        premises=premises, covered=premises - Premises.objects.uncovered().count(), hydrants=hydrants.count(),
        hydrants_working=hydrants.filter(status=WaterSource.Status.WORKING).count(),
        overdue=Premises.objects.overdue(today).count(), median_response_min=float(median) if median else None,
    )  # fmt: skip


def response_by_unit(since: datetime.date) -> list[tuple[datetime.date, str, float]]:
    """Return (month, unit code, median minutes) of the incidents reported since the day."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT date_trunc('month', i.reported_at AT TIME ZONE %s)::date, u.code,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY i.response_s) / 60.0
            FROM fire_fireincident i JOIN gis_core_adminunit u ON u.id = i.unit_id
            WHERE i.response_s IS NOT NULL AND i.reported_at >= %s
            GROUP BY 1, 2 ORDER BY 1, 2
            """,
            [timezone.get_current_timezone_name(), since],
        )
        return [(month, code, float(value)) for month, code, value in cursor.fetchall()]


def ensure_indicators() -> Dataset | None:
    """Create the indicators and their dataset when missing; None when the fire police agency is not loaded."""
    agency = Agency.objects.filter(code=AGENCY).first()
    if agency is None:
        return None
    sector = Sector.objects.filter(code="fire").first()
    for order, (code, spec) in enumerate(INDICATORS.items(), start=141):
        name, name_en, uom, level, aggregation, target, above, below, higher = spec
        Indicator.objects.get_or_create(code=code, defaults={
            "name": name, "name_en": name_en, "unit": uom, "period": periods.MONTH, "level": level,
            "aggregation": aggregation, "agency": agency, "sector": sector, "order": order, "description": COMPUTED,
            "target": _decimal(target), "warn_above": _decimal(above), "warn_below": _decimal(below),
            "higher_is_better": higher,
        })  # fmt: skip
    Indicator.objects.filter(code__in=RETIRED, is_active=True).update(is_active=False)
    dataset, _created = Dataset.objects.get_or_create(code=DATASET, defaults={
        "name": "Chỉ số phòng cháy chữa cháy (tính từ sổ theo dõi)", "name_en": "Fire indicators (computed)",
        "description": COMPUTED, "provider": agency, "sector": sector, "target": "indicator_values",
        "format": Dataset.Format.CSV, "arrival": Dataset.Arrival.PUSH,
    })  # fmt: skip
    return dataset


def publish(today: datetime.date | None = None) -> str:
    """Send this month's figures through the datahub; return 'sent', 'unchanged' or why not."""
    today = today or timezone.localdate()
    dataset = ensure_indicators()
    if dataset is None:
        return "skipped (no fire police agency)"
    month = periods.containing(periods.MONTH, today)
    # The registers' state stands for the month just closed, as a monthly report compiled now says; indicator pages
    # show closed periods only. It is replaced at each run until the next month closes.
    label = periods.label(periods.MONTH, periods.last_closed(periods.MONTH, today))
    figures = current(today)
    rows = [{"indicator": OVERDUE, "period": label, "unit_code": "", "value": str(figures.overdue)}]
    if figures.covered_share is not None:
        rows.append({"indicator": COVERED, "period": label, "unit_code": "", "value": f"{figures.covered_share:.2f}"})
    if figures.hydrants_share is not None:
        rows.append({"indicator": HYDRANTS, "period": label, "unit_code": "", "value": f"{figures.hydrants_share:.2f}"})
    since = periods.shift(periods.MONTH, month, -HISTORY_MONTHS + 1)
    rows += [
        {
            "indicator": RESPONSE,
            "period": periods.label(periods.MONTH, start),
            "unit_code": code,
            "value": f"{value:.2f}",
        }
        for start, code, value in response_by_unit(since)
    ]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["indicator", "period", "unit_code", "value"])
    writer.writeheader()
    writer.writerows(rows)
    content = buffer.getvalue().encode("utf-8")
    digest = hashlib.sha256(content).hexdigest()
    if dataset.deliveries.filter(content_sha256=digest, status=Delivery.Status.COMMITTED).exists():
        return "unchanged"
    receive(dataset, Arrival(Delivery.Channel.FILE, content, "csv", filename=f"chi-so-pccc-{today:%Y-%m-%d}.csv"))
    return "sent"


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))
