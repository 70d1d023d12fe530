"""Small builders for the accounts and agencies tests: units with a tiny polygon, agencies with contacts, users."""

import datetime
from typing import Any

from django.contrib.gis.geos import MultiPolygon, Polygon

from accounts.models import Role, User
from agencies.models import Agency, AgencyContact, Sector
from gis_core.models import AdminUnit, Province

SINCE = datetime.date(2025, 7, 1)


def make_unit(code: str, name: str, kind: str = AdminUnit.Kind.WARD, offset: float = 0.0) -> AdminUnit:
    """Create an administrative unit with a small square polygon near Nha Trang."""
    province, _ = Province.objects.get_or_create(code="56", defaults={"name": "Tỉnh Khánh Hòa"})
    x, y = 109.1 + offset, 12.2
    square = Polygon(((x, y), (x + 0.05, y), (x + 0.05, y + 0.05), (x, y + 0.05), (x, y)), srid=4326)
    return AdminUnit.objects.create(province=province, code=code, name=name, kind=kind, geom=MultiPolygon(square))


def make_sector(code: str, number: int | None = None) -> Sector:
    return Sector.objects.create(code=code, number=number, name=code.title(), name_en=code)


def make_agency(
    code: str,
    *,
    kind: str = Agency.Kind.PROCESSING,
    units: tuple[AdminUnit, ...] = (),
    sectors: tuple[Sector, ...] = (),
    whole_province: bool = False,
    all_sectors: bool = False,
    with_contacts: bool = True,
) -> Agency:
    """Create an agency; with_contacts gives it one leader and one focal person in post."""
    agency = Agency.objects.create(
        code=code, name=f"Agency {code}", kind=kind, whole_province=whole_province, all_sectors=all_sectors
    )
    agency.units.set(units)
    agency.sectors.set(sectors)
    if with_contacts:
        add_contact(agency, AgencyContact.Role.LEADER, f"Leader of {code}")
        add_contact(agency, AgencyContact.Role.FOCAL, f"Focal of {code}")
    return agency


def add_contact(agency: Agency, role: str, full_name: str, **fields: object) -> AgencyContact:
    values = {"phone": "0258 3822 000", "email": f"{role}.{agency.code}@example.org", "since": SINCE, **fields}
    return AgencyContact.objects.create(agency=agency, role=role, full_name=full_name, **values)


def make_user(username: str, role: str = Role.VIEWER, agency: Agency | None = None, **fields: Any) -> User:
    """Create an active user; staff when the role opens the admin (as the admin's save does)."""
    is_staff = role in (Role.MANAGEMENT_ADMIN, Role.OPERATOR)
    return User.objects.create_user(username=username, role=role, agency=agency, is_staff=is_staff, **fields)
