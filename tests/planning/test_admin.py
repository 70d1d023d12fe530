"""The planning admin opens for an administrator: catalogue read-only, plans with revisions, lots listed."""

import pytest
from django.test import Client

from accounts.models import User
from planning.models import Plan, ZoningLot


@pytest.fixture
def admin_client_in(client: Client, django_user_model: type[User]) -> Client:
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "correct-horse-42"))
    return client


@pytest.mark.parametrize(
    "page", ["landusecode", "plan", "planrevision", "zoninglot", "redline", "landusesurvey", "currentlanduse"]
)
def test_changelists_open(admin_client_in: Client, zoning_plan: Plan, page: str) -> None:
    assert admin_client_in.get(f"/admin/planning/{page}/").status_code == 200


def test_a_plan_and_a_lot_open_for_editing(admin_client_in: Client, zoning_plan: Plan) -> None:
    assert admin_client_in.get(f"/admin/planning/plan/{zoning_plan.pk}/change/").status_code == 200
    lot = ZoningLot.objects.filter(revision__plan=zoning_plan).first()
    assert lot is not None
    assert admin_client_in.get(f"/admin/planning/zoninglot/{lot.pk}/change/").status_code == 200


def test_the_catalogue_cannot_be_edited_in_the_admin(admin_client_in: Client) -> None:
    assert admin_client_in.get("/admin/planning/landusecode/add/").status_code == 403
