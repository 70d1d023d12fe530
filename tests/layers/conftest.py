"""Fixtures of the layers tests: English messages, the catalogue API mounted, agencies and one account per kind."""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.utils import translation

from accounts.models import Role, User
from agencies.models import Agency


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Assert on the English messages whatever translations exist."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Start each test with an empty tile cache (the local-memory cache outlives a test's transaction)."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class People:
    """Two agencies and the accounts the access rules distinguish."""

    environment: Agency  # owns the restricted layers of the tests
    ward: Agency
    owner_officer: User  # agency officer of `environment`
    other_officer: User  # agency officer of `ward`
    viewer: User
    operator: User
    manager: User  # management administrator
    superuser: User


def _user(username: str, role: Role, agency: Agency | None = None, **extra: object) -> User:
    staff = role in (Role.MANAGEMENT_ADMIN, Role.OPERATOR)  # as the accounts admin sets it (admin.access)
    return User.objects.create(username=username, role=role, agency=agency, is_staff=staff, **extra)  # force_login


@pytest.fixture
def people(db: None) -> People:
    environment = Agency.objects.create(code="so-nnmt", name="Sở Nông nghiệp và Môi trường", name_en="Environment")
    ward = Agency.objects.create(code="ubnd-22366", name="UBND phường Nha Trang", name_en="Nha Trang ward")
    return People(
        environment=environment,
        ward=ward,
        owner_officer=_user("officer-env", Role.AGENCY_OFFICER, environment),
        other_officer=_user("officer-ward", Role.AGENCY_OFFICER, ward),
        viewer=_user("viewer", Role.VIEWER),
        operator=_user("operator", Role.OPERATOR),
        manager=_user("manager", Role.MANAGEMENT_ADMIN),
        superuser=_user("root", Role.VIEWER, is_superuser=True),
    )
