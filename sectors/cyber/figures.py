"""The cyber-security indicators, computed from the register (never entered): for the incidents and systems given.

Incidents per month by severity, the median time from detection to containment and to resolution, systems without
an approved level dossier and systems past their periodic assessment (models.ASSESSMENT_MONTHS).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, FloatField
from django.db.models.functions import TruncMonth

from alerts.api import Severity
from sectors.cyber.models import IncidentQuerySet, SystemQuerySet

MONTHS_SHOWN = 12


class _Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5) over a duration in seconds."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM %(expressions)s))"
    output_field = FloatField()


@dataclass
class MonthRow:
    month: datetime.date
    by_severity: dict[str, int]
    total: int


@dataclass
class CyberFigures:
    months: list[MonthRow] = field(default_factory=list)
    severities: list[tuple[str, str]] = field(default_factory=list)
    median_contain: datetime.timedelta | None = None
    median_resolve: datetime.timedelta | None = None
    open_incidents: int = 0
    systems: int = 0
    without_dossier: int = 0
    assessment_overdue: int = 0


def compute(incidents: IncidentQuerySet, systems: SystemQuerySet, today: datetime.date) -> CyberFigures:
    """Compute every figure from the incidents and systems the reader may see."""
    board = CyberFigures(severities=[(value, str(label)) for value, label in Severity.choices])
    start = _month_start(today, MONTHS_SHOWN - 1)
    counts = (
        incidents.filter(detected_at__date__gte=start)
        .annotate(month=TruncMonth("detected_at"))
        .values("month", "severity")
        .annotate(n=Count("id"))
    )
    table: dict[datetime.date, dict[str, int]] = {}
    for row in counts:
        month = row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]
        table.setdefault(month, {})[row["severity"]] = row["n"]
    for offset in range(MONTHS_SHOWN - 1, -1, -1):
        month = _month_start(today, offset)
        cells = {value: table.get(month, {}).get(value, 0) for value, _label in board.severities}
        board.months.append(MonthRow(month, cells, sum(cells.values())))
    board.median_contain = _median(incidents.filter(contained_at__isnull=False), "contained_at")
    board.median_resolve = _median(incidents.filter(resolved_at__isnull=False), "resolved_at")
    board.open_incidents = incidents.open().count()
    board.systems = systems.count()
    board.without_dossier = systems.without_approved_dossier().count()
    board.assessment_overdue = systems.assessment_overdue(today).count()
    return board


def _median(incidents: IncidentQuerySet, until: str) -> datetime.timedelta | None:
    span = ExpressionWrapper(F(until) - F("detected_at"), output_field=DurationField())
    seconds = incidents.aggregate(median=_Median(span))["median"]
    return datetime.timedelta(seconds=seconds) if seconds is not None else None


def _month_start(today: datetime.date, months_back: int) -> datetime.date:
    index = today.year * 12 + today.month - 1 - months_back
    return datetime.date(index // 12, index % 12 + 1, 1)
