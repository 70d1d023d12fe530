"""Read the land-use code catalogue from fixtures/landuse_codes.json and write it into the database."""

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import ImportFailed

CATALOGUE_PATH = Path(settings.BASE_DIR) / "fixtures" / "landuse_codes.json"
GROUPS = {"agricultural", "non_agricultural", "unused"}
_CODE = re.compile(r"^[A-Z]{3}$")
_COLOUR = re.compile(r"^#[0-9A-F]{6}$")


@dataclass(frozen=True)
class CatalogueEntry:
    """One code as the fixture states it."""

    code: str
    name_vi: str
    name_en: str
    group: str
    colour: str
    basis: str
    disputed: bool
    source_note: str
    sort_order: int


def read_catalogue(path: Path = CATALOGUE_PATH) -> list[CatalogueEntry]:
    """Return the validated entries of the catalogue file, or raise ImportFailed naming the bad entry."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ImportFailed(
            _("Cannot read the land-use catalogue %(path)s: %(error)s") % {"path": path, "error": exc}
        ) from None
    source = document.get("source", "")
    entries = [_entry(raw, index, source) for index, raw in enumerate(document.get("codes", []), start=1)]
    codes = [entry.code for entry in entries]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise ImportFailed(_("The land-use catalogue lists %(codes)s twice.") % {"codes": ", ".join(duplicates)})
    return entries


def _entry(raw: dict[str, Any], index: int, source: str) -> CatalogueEntry:
    code = str(raw.get("code", ""))
    problems = []
    if not _CODE.match(code):
        problems.append(_("code must be three capital letters"))
    if raw.get("group") not in GROUPS:
        problems.append(_("group must be one of %(groups)s") % {"groups": ", ".join(sorted(GROUPS))})
    if not _COLOUR.match(str(raw.get("colour", ""))):
        problems.append(_("colour must be #RRGGBB in capitals"))
    name_vi = str(raw.get("name_vi", ""))
    if not name_vi or unicodedata.normalize("NFC", name_vi) != name_vi:
        problems.append(_("name_vi must be present and in Unicode NFC"))
    if not raw.get("name_en"):
        problems.append(_("name_en must be present"))
    if problems:
        raise ImportFailed(
            _("Land-use catalogue entry %(index)s (%(code)s): %(problems)s.")
            % {"index": index, "code": code or "?", "problems": "; ".join(problems)}
        )
    dispute = str(raw.get("dispute", ""))
    note = f"{raw.get('basis', '')}. {dispute}".strip(". ") if dispute else str(raw.get("basis", ""))
    return CatalogueEntry(
        code=code,
        name_vi=name_vi,
        name_en=str(raw["name_en"]),
        group=str(raw["group"]),
        colour=str(raw["colour"]),
        basis=str(raw.get("basis", "")),
        disputed=bool(raw.get("disputed", False)),
        source_note=f"{note}\n\n{source}".strip(),
        sort_order=index,
    )


def sync_catalogue(model: Any, path: Path = CATALOGUE_PATH) -> tuple[int, int]:
    """Create or update every code of the file in the given LandUseCode model; return (created, updated)."""
    created = updated = 0
    for entry in read_catalogue(path):
        fields = {key: value for key, value in entry.__dict__.items() if key != "code"}
        current = model.objects.filter(code=entry.code).values(*fields).first()
        if current is None:
            model.objects.create(code=entry.code, **fields)
            created += 1
        elif current != fields:
            model.objects.filter(code=entry.code).update(**fields)
            updated += 1
    return created, updated
