"""Built-in layers over the platform's tables: registered idempotently, versioned by their table's trigger."""

import io

import pytest
from django.apps import apps
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.core.management import call_command

from gis_core.models import AdminUnit, Province
from layers import demo
from layers.builtin import BUILTIN_LAYERS
from layers.models import Layer
from layers.schema import has_version_trigger

pytestmark = pytest.mark.django_db


def test_registering_twice_creates_once_and_keeps_edits() -> None:
    out = io.StringIO()
    call_command("register_builtin_layers", stdout=out)
    layer = Layer.objects.get(slug="admin-units")
    layer.title_en = "Edited by the operator"
    layer.save()
    call_command("register_builtin_layers", stdout=out)
    lines, count = out.getvalue().splitlines(), len(BUILTIN_LAYERS)
    assert "layers: built-in layer admin-units created." in lines[:count]
    assert lines[count:] == [f"layers: built-in layer {layer['slug']} kept." for layer in BUILTIN_LAYERS]
    assert Layer.objects.get(slug="admin-units").title_en == "Edited by the operator"
    assert Layer.objects.count() == count


def test_each_built_in_layer_names_the_table_of_its_source_model() -> None:
    # layers names planning's table as text (it sits below planning); a renamed table must not go unseen.
    for definition in BUILTIN_LAYERS:
        model = apps.get_model(definition["source"])
        assert (definition["schema_name"], definition["table_name"]) == ("public", model._meta.db_table)


def test_the_admin_units_layer_is_public_published_and_watches_its_table() -> None:
    demo.load(io.StringIO())
    layer = Layer.objects.get(slug="admin-units")
    assert (layer.access, layer.published_tiles, layer.published_ogc) == ("public", True, True)
    assert layer.relation() == ("public", "gis_core_adminunit")
    assert has_version_trigger("public", "gis_core_adminunit")
    assert {"id", "code", "name", "kind", "area_km2"} <= {field["name"] for field in layer.fields}
    assert "geom" not in {field["name"] for field in layer.fields}
    layer.full_clean()  # raises unless its style and tile attributes fit its fields

    version = layer.data_version
    province = Province.objects.create(code="56", name="Tỉnh Khánh Hòa")
    unit = AdminUnit.objects.create(
        province=province, code="22366", name="Phường Nha Trang", kind="phuong",
        geom=MultiPolygon(Polygon.from_bbox((109.1, 12.1, 109.3, 12.3)), srid=4326),
    )  # fmt: skip
    AdminUnit.objects.filter(pk=unit.pk).update_areas()  # a queryset update, which no Django signal would see
    layer.refresh_from_db()
    assert layer.data_version == version + 2
    assert layer.last_updated is not None
