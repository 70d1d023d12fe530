"""The inventory of information systems from a CSV file kept by the cyber-security team (never through the data hub,
whose deliveries other roles may read): one row per system, checked whole before anything is written."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from agencies.models import Agency
from core.errors import InvalidInput
from sectors.cyber.models import Hosting, InformationSystem

COLUMNS = ("code", "name", "owner", "hosting", "security_level", "level_dossier_approved", "last_assessed_on")
YES = {"1", "true", "yes", "co", "có", "x"}


@dataclass
class InventoryImport:
    created: int = 0
    updated: int = 0
    problems: list[str] = field(default_factory=list)


def import_csv(text: str) -> InventoryImport:
    """Create or update every system of the file; refuse the whole file, naming row and column, on any problem."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [name for name in COLUMNS if name not in (reader.fieldnames or [])]
    if missing:
        raise InvalidInput(_("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)})
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    rows, result = [], InventoryImport()
    for number, row in enumerate(reader, start=2):
        values, problems = _check(row, agencies)
        result.problems += [_("row %(row)d, %(problem)s") % {"row": number, "problem": p} for p in problems]
        rows.append(values)
    if result.problems:
        raise InvalidInput("\n".join(result.problems))
    with transaction.atomic():
        for values in rows:
            code = values.pop("code")
            _system, created = InformationSystem.objects.update_or_create(code=code, defaults=values)
            result.created += created
            result.updated += not created
    return result


def _check(row: dict[str, str], agencies: dict[str, Agency]) -> tuple[dict[str, object], list[str]]:
    problems = []
    values: dict[str, object] = {"code": (row["code"] or "").strip(), "name": (row["name"] or "").strip()}
    if not values["code"] or not values["name"]:
        problems.append(_("code and name: give both."))
    owner = agencies.get((row["owner"] or "").strip())
    if owner is None:
        problems.append(_("owner: unknown agency code '%(code)s'.") % {"code": row["owner"]})
    values["owner"] = owner
    hosting = (row["hosting"] or "").strip()
    if hosting not in Hosting.values:
        problems.append(_("hosting: use one of %(allowed)s.") % {"allowed": ", ".join(Hosting.values)})
    values["hosting"] = hosting
    level = (row["security_level"] or "").strip()
    if level not in {"1", "2", "3", "4", "5"}:
        problems.append(_("security_level: write a level from 1 to 5."))
    values["security_level"] = int(level) if level.isdigit() else 0
    values["level_dossier_approved"] = (row["level_dossier_approved"] or "").strip().lower() in YES
    assessed = (row["last_assessed_on"] or "").strip()
    try:
        values["last_assessed_on"] = datetime.date.fromisoformat(assessed) if assessed else None
    except ValueError:
        problems.append(_("last_assessed_on: write the date as YYYY-MM-DD."))
    return values, problems
