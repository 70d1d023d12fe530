"""The planner and leader roles of Art. 2 can be given in the admin: the user form's and the layer form's pickers."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from layers.admin import LayerAdminForm
from tests.agencies.world import World


@pytest.mark.parametrize("role", [Role.PLANNER, Role.LEADER])
def test_the_user_form_offers_the_role(world: World, role: Role) -> None:
    client = Client()
    client.force_login(world.users["management_admin"])

    html = client.get(reverse("admin:accounts_user_change", args=[world.users["viewer"].pk])).content.decode()

    assert f'<option value="{role.value}">{role.label}</option>' in html


@pytest.mark.parametrize("role", [Role.PLANNER, Role.LEADER])
def test_the_layer_access_rule_offers_the_role(role: Role) -> None:
    choices = dict(LayerAdminForm.base_fields["allowed_roles"].choices)  # type: ignore[attr-defined]

    assert choices[role.value] == role.label
