"""The fire-safety rules: each finding raises an alert to the fire police and the commune; a cleared one retreats.

Rules (a table: name -> function returning the findings of now):
- uncovered: premises outside the 10-minute coverage of every station;
- hydrant: a hydrant out of order within 150 m of high-risk premises;
- inspection: premises whose periodic inspection is overdue.

A finding is keyed by rule and register code ("fire:hydrant:TH-001#1"). An open alert of the key is updated; when
the condition clears, the alert records the retreat and its procedure goes on. A key whose last alert was closed
while the condition still held is left alone (the agency has handled it); one closed after a retreat starts a new
episode (#2, #3 …) when the condition comes back. Alerts go through alerts.api with the deadline procedure; the
routing table sends sector "fire" to the fire police and the units touched propose their committees.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.gis.geos import Point
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Sector
from alerts import api
from core.formats import fmt_date
from sectors.fire import coverage, layers
from sectors.fire.models import COVERED_WITHIN_MINUTES, Premises, WaterSource

SECTOR = "fire"
PREFIX = "fire:"
HYDRANT_REACH_M = 150


@dataclass
class Finding:
    """One situation a rule found now."""

    key: str  # rule:code, without the episode number
    title: str
    geom: Point
    description: str = ""
    severity: str = api.Severity.MODERATE
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class RunResult:
    raised: int = 0
    updated: int = 0
    retreated: int = 0
    findings: list[str] = field(default_factory=list)


def uncovered_premises() -> list[Finding]:
    """Premises no station reaches within 10 minutes."""
    return [
        Finding(
            f"uncovered:{item.code}",
            _("%(name)s is beyond %(minutes)d minutes' drive of every fire station")
            % {"name": item.name, "minutes": COVERED_WITHIN_MINUTES},
            item.geom,
            _(
                "No fire station reaches these high-risk premises (risk group %(group)s) within %(minutes)d minutes "
                "over the road network; plan a station, a water source or a rapid-response team nearby."
            )
            % {"group": item.risk_group, "minutes": COVERED_WITHIN_MINUTES},
            api.Severity.SEVERE if item.risk_group == Premises.RiskGroup.I else api.Severity.MODERATE,
            {"premises": item.code, "risk_group": item.risk_group, "minutes": COVERED_WITHIN_MINUTES},
        )
        for item in Premises.objects.uncovered().order_by("code")
    ]


def hydrants_out_near_premises() -> list[Finding]:
    """Hydrants out of order within 150 m of high-risk premises."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT w.id, array_agg(p.code ORDER BY p.code), array_agg(p.name ORDER BY p.code),
                   min(ST_Distance(w.geom::geography, p.geom::geography)), bool_or(p.risk_group = 'I')
            FROM fire_watersource w JOIN fire_premises p ON ST_DWithin(w.geom::geography, p.geom::geography, %s)
            WHERE w.kind = %s AND w.status = %s
            GROUP BY w.id
            """,
            [HYDRANT_REACH_M, WaterSource.Kind.HYDRANT, WaterSource.Status.OUT_OF_ORDER],
        )
        rows = {row[0]: row[1:] for row in cursor.fetchall()}
    findings = []
    for hydrant in WaterSource.objects.filter(pk__in=rows).order_by("code"):
        codes, names, nearest, group_one = rows[hydrant.pk]
        findings.append(Finding(
            f"hydrant:{hydrant.code}",
            _("Hydrant %(code)s out of order near %(name)s") % {"code": hydrant.code, "name": names[0]},
            hydrant.geom,
            _("The hydrant is out of order and lies %(distance)d m from high-risk premises (%(names)s); repair it or "
              "name another water source for these premises.")
            % {"distance": round(nearest), "names": ", ".join(names)},
            api.Severity.SEVERE if group_one else api.Severity.MODERATE,
            {"hydrant": hydrant.code, "premises": list(codes), "nearest_m": round(nearest, 1),
             "last_checked": hydrant.last_checked.isoformat() if hydrant.last_checked else None},
        ))  # fmt: skip
    return findings


def overdue_inspections(today: datetime.date | None = None) -> list[Finding]:
    """Premises whose periodic inspection was due before today."""
    today = today or timezone.localdate()
    return [
        Finding(
            f"inspection:{item.code}@{item.next_due.isoformat()}",
            _("Fire inspection of %(name)s overdue since %(date)s")
            % {"name": item.name, "date": fmt_date(item.next_due)},
            item.geom,
            _(
                "The periodic fire-safety inspection of these premises (risk group %(group)s) was due on %(date)s; "
                "schedule it."
            )
            % {"group": item.risk_group, "date": fmt_date(item.next_due)},
            api.Severity.MODERATE if item.risk_group == Premises.RiskGroup.I else api.Severity.MINOR,
            {
                "premises": item.code,
                "next_due": item.next_due.isoformat(),
                "last_inspection": item.last_inspection.isoformat() if item.last_inspection else None,
            },
        )
        for item in Premises.objects.overdue(today).order_by("code")
        if item.next_due is not None
    ]


RULES: dict[str, Callable[[], list[Finding]]] = {
    "uncovered": uncovered_premises,
    "hydrant": hydrants_out_near_premises,
    "inspection": overdue_inspections,
}


def _alerts_by_key() -> dict[str, api.Alert]:
    """The newest alert of each finding key (any state)."""
    latest: dict[str, api.Alert] = {}
    for alert in api.Alert.objects.filter(external_ref__startswith=PREFIX).order_by("pk"):
        key = alert.external_ref.removeprefix(PREFIX).rpartition("#")[0]
        latest[key] = alert
    return latest


def _episode(alert: api.Alert | None) -> int:
    return int(alert.external_ref.rpartition("#")[2]) if alert is not None else 0


def run() -> RunResult:
    """Refresh station coverage, evaluate every rule, raise or update alerts and retreat the cleared ones."""
    result = RunResult()
    with transaction.atomic():
        coverage.refresh()
        sector = Sector.objects.filter(code=SECTOR).first()
        latest = _alerts_by_key()
        found = [finding for rule in RULES.values() for finding in rule()]
        for finding in found:
            alert = latest.get(finding.key)
            if alert is not None and not alert.is_open and alert.retreated_at is None:
                continue  # closed while the condition held: the agency handled it
            episode = _episode(alert) if alert is not None and alert.is_open else _episode(alert) + 1
            _alert, created = api.raise_alert(api.AlertInput(
                title=finding.title, source=api.Source.SECTOR_RULE, category=api.Category.FIRE_SAFETY,
                severity=finding.severity, sector=sector, geom=finding.geom, description=finding.description,
                details={"rule": finding.key.partition(":")[0], **finding.details},
                procedure=api.ProcedureName.DEADLINE, external_ref=f"{PREFIX}{finding.key}#{episode}",
            ))  # fmt: skip
            result.raised += created
            result.updated += not created
            result.findings.append(finding.key)
        still = {finding.key for finding in found}
        for key, alert in latest.items():
            if key not in still and alert.is_open and alert.retreated_at is None:
                api.record_retreat(alert, {"rule": key.partition(":")[0], "cleared_at": timezone.now().isoformat()})
                result.retreated += 1
        layers.touch()
    return result
