"""Read the mapping file of `manage.py import_plan`: which source column holds each lot field, and plan details."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _

from core.errors import ImportFailed
from gis_core import encoding
from gis_core.srs import parse_srid
from planning.models import INDICATORS, Plan

LOT_FIELDS = ("lot_code", "land_use", "function_name", *INDICATORS, "note")
REQUIRED = ("lot_code", "land_use")
PLAN_KEYS = {
    "code",
    "name",
    "type",
    "status",
    "decision_number",
    "decision_date",
    "approving_authority",
    "effective_from",
    "source_note",
}
REVISION_KEYS = {"title", "decision_number", "decision_date", "approving_authority", "effective_from", "note"}
DATE_KEYS = {"decision_date", "effective_from"}
OPTION_KEYS = {"fields", "plan", "revision", "land_use_aliases", "layer", "srid", "encoding"}

EXAMPLE = """\
fields:            # lot field: column of the source file
  lot_code: MA_LO
  land_use: KH_SDD
  building_coverage_pct: MDXD
  floor_area_ratio: HSSDD
  floors_max: TANG_CAO
plan:              # only for --plan new
  code: qhpk-trung-tam
  name: Quy hoạch phân khu khu trung tâm
  type: zoning_2000
revision:
  decision_number: 1234/QĐ-UBND
  effective_from: 2024-04-01
"""


@dataclass
class ImportMapping:
    """The mapping file, checked."""

    fields: dict[str, str]
    plan: dict[str, Any] = field(default_factory=dict)
    revision: dict[str, Any] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    layer: str | None = None
    srid: int | None = None
    encoding: str = encoding.AUTO


def _bad(path: Path, message: str) -> ImportFailed:
    return ImportFailed(
        _("Mapping file %(path)s: %(message)s For example:\n%(example)s")
        % {"path": path.name, "message": message, "example": EXAMPLE}
    )


def read_mapping(path: str | Path) -> ImportMapping:
    """Return the checked mapping of a YAML file, or raise ImportFailed saying what is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _bad(path, _("cannot be read (%(error)s).") % {"error": exc}) from None
    return parse_mapping(load_document(text, path.name), path.name)


def load_document(text: str, name: str) -> Any:
    """The YAML document of a mapping file's text, or ImportFailed naming the file."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise _bad(Path(name), _("cannot be read (%(error)s).") % {"error": exc}) from None


def parse_mapping(document: Any, name: str) -> ImportMapping:
    """Return the checked mapping of a mapping document (as read from YAML), or raise ImportFailed."""
    path = Path(name)
    if not isinstance(document, dict):
        raise _bad(path, _("must be a YAML mapping with a 'fields' section."))
    unknown = sorted(set(document) - OPTION_KEYS)
    if unknown:
        raise _bad(path, _("unknown sections %(keys)s.") % {"keys": ", ".join(map(str, unknown))})
    fields = _section(path, document, "fields")
    bad_fields = sorted(set(fields) - set(LOT_FIELDS))
    if bad_fields:
        raise _bad(
            path,
            _("unknown lot fields %(bad)s; the fields are %(known)s.")
            % {"bad": ", ".join(map(str, bad_fields)), "known": ", ".join(LOT_FIELDS)},
        )
    missing = [name for name in REQUIRED if not fields.get(name)]
    if missing:
        raise _bad(path, _("'fields' must name the column of %(missing)s.") % {"missing": ", ".join(missing)})
    srid = document.get("srid")
    chosen_encoding = str(document.get("encoding") or encoding.AUTO)
    if chosen_encoding not in encoding.ENCODING_CHOICES:
        raise _bad(
            path,
            _("encoding %(value)r is not one of %(known)s.")
            % {"value": chosen_encoding, "known": ", ".join(encoding.ENCODING_CHOICES)},
        )
    return ImportMapping(
        fields={key: str(value) for key, value in fields.items() if value},
        plan=_details(path, _section(path, document, "plan"), PLAN_KEYS, "plan"),
        revision=_details(path, _section(path, document, "revision"), REVISION_KEYS, "revision"),
        aliases={
            str(k).strip().upper(): str(v).strip().upper()
            for k, v in _section(path, document, "land_use_aliases").items()
        },
        layer=str(document["layer"]) if document.get("layer") else None,
        srid=parse_srid(str(srid)) if srid else None,
        encoding=chosen_encoding,
    )


def _section(path: Path, document: dict[str, Any], name: str) -> dict[str, Any]:
    value = document.get(name) or {}
    if not isinstance(value, dict):
        raise _bad(path, _("'%(name)s' must be a mapping of keys to values.") % {"name": name})
    return value


def _details(path: Path, values: dict[str, Any], allowed: set[str], name: str) -> dict[str, Any]:
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise _bad(
            path,
            _("'%(name)s' has unknown keys %(keys)s; allowed: %(allowed)s.")
            % {"name": name, "keys": ", ".join(map(str, unknown)), "allowed": ", ".join(sorted(allowed))},
        )
    checked: dict[str, Any] = {}
    for key, value in values.items():
        if key in DATE_KEYS and value is not None:
            checked[key] = _date(path, name, key, value)
        elif key == "type" and value not in Plan.Type.values:
            raise _bad(
                path,
                _("plan type %(value)r is not one of %(types)s.")
                % {"value": value, "types": ", ".join(Plan.Type.values)},
            )
        elif key == "status" and value not in Plan.Status.values:
            raise _bad(
                path,
                _("plan status %(value)r is not one of %(statuses)s.")
                % {"value": value, "statuses": ", ".join(Plan.Status.values)},
            )
        else:
            checked[key] = "" if value is None else str(value)
    return checked


def _date(path: Path, section: str, key: str, value: Any) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise _bad(
            path,
            _("%(section)s.%(key)s=%(value)r is not a date YYYY-MM-DD.")
            % {"section": section, "key": key, "value": value},
        ) from None
