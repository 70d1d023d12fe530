"""The layer admin: open to layer managers only; saving a table layer installs its trigger and computes its summary."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from layers.models import Layer
from layers.schema import has_version_trigger
from tests.layers.conftest import People

pytestmark = pytest.mark.django_db
HOST: dict[str, Any] = {"HTTP_HOST": "localhost"}


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_only_layer_managers_reach_the_layer_admin(people: People) -> None:
    url = reverse("admin:layers_layer_changelist")
    assert as_user(people.manager).get(url, **HOST).status_code == 200
    assert as_user(people.operator).get(url, **HOST).status_code == 200
    assert as_user(people.owner_officer).get(url, **HOST).status_code == 302  # not staff: sent to the admin login


def test_adding_a_table_layer_syncs_it_with_its_table(people: People) -> None:
    form = {
        "slug": "don-vi", "title": "Đơn vị", "title_en": "", "description": "", "description_en": "", "keywords": "",
        "source": "", "licence": "", "update_frequency": "as_needed", "kind": "vector", "source_kind": "table",
        "schema_name": "public", "table_name": "gis_core_adminunit", "geometry_column": "geom", "id_column": "id",
        "access": "public", "allowed_roles": [], "style": "{}", "published_ogc": "on", "published_tiles": "on",
        "tile_minzoom": "0", "tile_maxzoom": "16", "tile_attributes": '{"name": 0}', "tile_simplify_px": "0",
        "tile_simplify_below_zoom": "12", "tile_feature_limit": "",
    }  # fmt: skip
    response = as_user(people.manager).post(reverse("admin:layers_layer_add"), form, **HOST)
    assert response.status_code == 302, response.content.decode()[:2000]
    layer = Layer.objects.get(slug="don-vi")
    assert has_version_trigger("public", "gis_core_adminunit")
    assert layer.feature_count == 0 and {"name": "name", "type": "string"} in layer.fields

    form.update(slug="sai", table_name="khong_co", tile_attributes='{"ten": 0}')
    response = as_user(people.manager).post(reverse("admin:layers_layer_add"), form, **HOST)
    assert response.status_code == 200
    assert "the table or view public.khong_co does not exist." in response.content.decode()
    assert not Layer.objects.filter(slug="sai").exists()
