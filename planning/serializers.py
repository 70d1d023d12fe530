"""Plain dictionaries for plans, revisions, lots and land-use codes, as the API returns them."""

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings

from planning.models import INDICATORS, LandUseCode, Plan, PlanRevision, ZoningLot


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value == "":
        return None
    return value


def land_use_dict(code: LandUseCode) -> dict[str, Any]:
    """The code with its names, group and legend colour."""
    return {
        "code": code.code,
        "name_vi": code.name_vi,
        "name_en": code.name_en,
        "group": code.group,
        "colour": code.colour,
    }


def plan_dict(plan: Plan) -> dict[str, Any]:
    """The plan's identity, approval and dates."""
    return {
        "id": plan.pk,
        "code": plan.code,
        "name": plan.name,
        "type": plan.plan_type,
        "type_label": str(Plan.Type(plan.plan_type).label),
        "status": plan.status,
        "status_label": str(Plan.Status(plan.status).label),
        "decision_number": _plain(plan.decision_number),
        "decision_date": _plain(plan.decision_date),
        "approving_authority": _plain(plan.approving_authority),
        "effective_from": _plain(plan.effective_from),
        "effective_to": _plain(plan.effective_to),
        "source_note": _plain(plan.source_note),
    }


def revision_dict(revision: PlanRevision) -> dict[str, Any]:
    """The revision (1 = original, later = adjustments) and the decision that approved it."""
    return {
        "number": revision.number,
        "title": _plain(revision.title),
        "decision_number": _plain(revision.decision_number),
        "decision_date": _plain(revision.decision_date),
        "approving_authority": _plain(revision.approving_authority),
        "effective_from": _plain(revision.effective_from),
        "effective_to": _plain(revision.effective_to),
    }


def indicators_dict(lot: ZoningLot) -> dict[str, Any]:
    """The indicators exactly as the plan states them; null where it states none."""
    return {name: _plain(getattr(lot, name)) for name in INDICATORS}


def lot_dict(lot: ZoningLot) -> dict[str, Any]:
    """A lot with its land use and indicators."""
    return {
        "id": lot.pk,
        "lot_code": lot.lot_code,
        "land_use": land_use_dict(lot.land_use),
        "function_name": _plain(lot.function_name),
        "indicators": indicators_dict(lot),
        "note": _plain(lot.note),
    }


def document_dicts(rows: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """Documents from an ArraySubquery of {title, kind, file, url}, with a link to each."""
    documents = []
    for row in rows or []:
        link = f"{settings.MEDIA_URL}{row['file']}" if row.get("file") else row.get("url") or None
        documents.append({"title": row["title"], "kind": row["kind"], "url": link})
    return documents
