"""The catalogue API and page list only what the caller may see; a hidden layer answers 401 or 403."""

import io
from typing import Any

import pytest
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken, Role, User
from gis_core.models import AdminUnit, Province
from layers.builtin import register_builtin_layers
from layers.models import Layer
from tests.layers.conftest import People

pytestmark = pytest.mark.django_db

HOST: dict[str, Any] = {"HTTP_HOST": "localhost"}


@pytest.fixture
def catalogue(people: People) -> dict[str, Layer]:
    """The built-in public layers (units, land use) plus an internal layer and two restricted ones."""
    admin_units, _land_use = register_builtin_layers(io.StringIO())
    internal = Layer.objects.create(slug="noi-bo", title="Nội bộ", access=Layer.Access.INTERNAL)
    by_agency = Layer.objects.create(
        slug="han-che", title="Hạn chế", access=Layer.Access.RESTRICTED, owner=people.environment
    )
    by_role = Layer.objects.create(
        slug="van-hanh", title="Vận hành", access=Layer.Access.RESTRICTED, allowed_roles=[Role.OPERATOR]
    )
    return {"public": admin_units, "internal": internal, "agency": by_agency, "role": by_role}


def listed(client: Client, **headers: Any) -> list[str]:
    response = client.get(reverse("layers_api:layers"), **HOST, **headers)
    assert response.status_code == 200
    return [layer["slug"] for layer in response.json()["layers"]]


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_callers_see_only_public_layers(catalogue: dict[str, Layer]) -> None:
    assert listed(Client()) == ["admin-units", "land-use-status"]


def test_each_account_sees_what_the_rules_allow(people: People, catalogue: dict[str, Layer]) -> None:
    assert listed(signed_in(people.viewer)) == ["admin-units", "land-use-status", "noi-bo"]
    assert listed(signed_in(people.other_officer)) == ["admin-units", "land-use-status", "noi-bo"]
    assert listed(signed_in(people.owner_officer)) == ["admin-units", "han-che", "land-use-status", "noi-bo"]
    assert listed(signed_in(people.operator)) == ["admin-units", "land-use-status", "noi-bo", "van-hanh"]
    assert listed(signed_in(people.superuser)) == ["admin-units", "han-che", "land-use-status", "noi-bo", "van-hanh"]
    catalogue["agency"].allowed_agencies.add(people.ward)
    assert listed(signed_in(people.other_officer)) == ["admin-units", "han-che", "land-use-status", "noi-bo"]


def test_a_token_caller_is_recognised(people: People, catalogue: dict[str, Layer]) -> None:
    _token, secret = ApiToken.issue(people.owner_officer, "feed")
    assert "han-che" in listed(Client(), HTTP_AUTHORIZATION=f"Token {secret}")
    response = Client().get(reverse("layers_api:layers"), HTTP_AUTHORIZATION="Token wrong", **HOST)
    assert response.status_code == 401


def test_a_hidden_layer_answers_401_to_anonymous_and_403_to_others(people: People, catalogue: dict[str, Layer]) -> None:
    url = reverse("layers_api:layer", args=["han-che"])
    anonymous = Client().get(url, **HOST)
    assert anonymous.status_code == 401 and anonymous.json()["error"] == "not_authenticated"
    other = signed_in(people.other_officer).get(url, **HOST)
    assert other.status_code == 403 and "restricted" in other.json()["message"]
    assert signed_in(people.owner_officer).get(url, **HOST).status_code == 200
    missing = Client().get(reverse("layers_api:layer", args=["khong-co"]), **HOST)
    assert missing.status_code == 404 and "khong-co" in missing.json()["message"]


def test_a_record_describes_the_layer_for_clients(catalogue: dict[str, Layer]) -> None:
    record = Client().get(reverse("layers_api:layer", args=["admin-units"]), **HOST).json()
    assert record["title"] == "Đơn vị hành chính cấp xã" and record["access"] == "public"
    assert record["srid"] == 4326 and record["id_field"] == "id"
    assert {"name": "code", "type": "string"} in record["fields"]
    assert {"name": "area_km2", "type": "number"} in record["fields"]
    assert all(field["name"] != "geom" for field in record["fields"])
    assert record["legend"][1] == {"color": "#FDB462", "label": "Phường", "label_en": "Ward"}
    assert record["tiles"]["attributes"] == {"code": 0, "name": 0, "kind": 0, "area_km2": 10}
    rels = {link["rel"]: link["href"] for link in record["links"]}
    assert rels["tilejson"] == "http://localhost/tiles/admin-units.json"
    assert "schema_name" not in record and "table_name" not in record  # storage stays internal


def test_search_and_kind_filters(people: People, catalogue: dict[str, Layer]) -> None:
    client = signed_in(people.superuser)
    response = client.get(reverse("layers_api:layers"), {"q": "hành chính"}, **HOST)
    assert [layer["slug"] for layer in response.json()["layers"]] == ["admin-units"]
    assert client.get(reverse("layers_api:layers"), {"kind": "raster"}, **HOST).json()["count"] == 0
    bad = client.get(reverse("layers_api:layers"), {"kind": "mesh"}, **HOST)
    assert bad.status_code == 400 and "vector, raster" in bad.json()["message"]


def test_the_extent_follows_edits_of_a_table_layer(catalogue: dict[str, Layer]) -> None:
    # Built-in data changes through its own code; the table's trigger bumps the version, the catalogue recomputes.
    province = Province.objects.create(code="56", name="Tỉnh Khánh Hòa")
    square = MultiPolygon(Polygon.from_bbox((109.1, 12.1, 109.3, 12.3)), srid=4326)
    AdminUnit.objects.create(province=province, code="22366", name="Phường Nha Trang", kind="phuong", geom=square)
    record = Client().get(reverse("layers_api:layer", args=["admin-units"]), **HOST).json()
    assert record["feature_count"] == 1
    assert record["extent"] == pytest.approx([109.1, 12.1, 109.3, 12.3])
    assert record["data_version"] > catalogue["public"].data_version


def test_the_catalogue_page_lists_visible_layers(people: People, catalogue: dict[str, Layer]) -> None:
    page = Client().get(reverse("layers:catalogue"), **HOST).content.decode()
    # Tests read English: a layer with an English title shows it, the others their Vietnamese one.
    assert "Communes, wards and the special zone" in page and "Hạn chế" not in page and "Nội bộ" not in page
    page = signed_in(people.owner_officer).get(reverse("layers:catalogue"), **HOST).content.decode()
    assert "Hạn chế" in page and reverse("layers:upload") in page
    detail = Client().get(reverse("layers:detail", args=["admin-units"]), **HOST)
    assert detail.status_code == 200 and "/tiles/admin-units.json" in detail.content.decode()
    assert Client().get(reverse("layers:detail", args=["han-che"]), **HOST).status_code == 401


def test_the_list_tells_a_map_how_to_draw_each_layer(catalogue: dict[str, Layer]) -> None:
    layers = {layer["slug"]: layer for layer in Client().get(reverse("layers_api:layers"), **HOST).json()["layers"]}
    units = layers["admin-units"]
    assert units["tile_url"] == {
        "url": "http://localhost/tiles/admin-units/{z}/{x}/{y}.mvt",
        "type": "application/vnd.mapbox-vector-tile",
        "minzoom": 0,
        "maxzoom": 16,
    }
    assert units["style"]["kind"] == "categories" and units["style"]["attribute"] == "kind"
    assert units["legend"][1] == {"color": "#FDB462", "label": "Phường", "label_en": "Ward"}
    # The land-use layer's "landuse" style reaches clients as plain categories, one per code of the catalogue.
    land_use = layers["land-use-status"]["style"]
    assert land_use["kind"] == "categories" and land_use["attribute"] == "land_use_id"
    assert len(land_use["categories"]) == len(layers["land-use-status"]["legend"]) > 40
    unpublished = Client().get(reverse("layers_api:layer", args=["admin-units"]), **HOST)
    catalogue["public"].published_tiles = False
    catalogue["public"].save()
    assert Client().get(reverse("layers_api:layer", args=["admin-units"]), **HOST).json()["tile_url"] is None
    assert unpublished.json()["tile_url"] is not None
