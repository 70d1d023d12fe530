"""Plain-dict views of agencies for the JSON API: a public part and the personal contacts part."""

from typing import Any

from agencies.models import Agency, AgencyContact, Sector


def sector_dict(sector: Sector) -> dict[str, Any]:
    """Public description of a sector."""
    return {"code": sector.code, "number": sector.number, "name": sector.name, "name_en": sector.name_en}


def agency_public(agency: Agency) -> dict[str, Any]:
    """Public description of an agency: no personal data. Expects sectors and units prefetched."""
    return {
        "code": agency.code,
        "name": agency.name,
        "name_en": agency.name_en,
        "kind": agency.kind,
        "kind_label": str(agency.get_kind_display()),
        "sectors": [sector_dict(sector) for sector in agency.sectors.all()],
        "all_sectors": agency.all_sectors,
        "whole_province": agency.whole_province,
        "unit_codes": sorted(unit.code for unit in agency.units.all()),
    }


def contact_dict(contact: AgencyContact) -> dict[str, Any]:
    """A leader or focal person, with the personal data only entitled callers see."""
    return {
        "role": contact.role,
        "role_label": str(contact.get_role_display()),
        "full_name": contact.full_name,
        "position": contact.position,
        "phone": contact.phone,
        "email": contact.email,
        "since": contact.since.isoformat(),
        "until": contact.until.isoformat() if contact.until else None,
        "note": contact.note,
    }
