"""Rules of a layer: its style and tile options are checked against its fields; access decided in one place."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from accounts.models import User
from layers import styles
from layers.models import Layer
from tests.layers.conftest import People

FIELDS = ["kind", "depth_m", "name"]


def test_valid_styles_and_their_legends() -> None:
    categories = {"kind": "categories", "attribute": "kind", "categories": [
        {"value": "a", "color": "#112233", "label": "Loại A", "label_en": "Kind A"}, {"value": "b", "color": "#445566"},
    ]}  # fmt: skip
    assert styles.style_problems(categories, FIELDS) == []
    assert styles.legend(categories) == [
        {"color": "#112233", "label": "Loại A", "label_en": "Kind A"},
        {"color": "#445566", "label": "b", "label_en": "b"},
    ]
    ranges = {"kind": "ranges", "attribute": "depth_m", "ranges": [{"min": 0, "max": 0.5, "color": "#C6DBEF"}]}
    assert styles.style_problems(ranges, FIELDS) == []
    assert styles.legend(ranges) == [{"color": "#C6DBEF", "label": "0 - 0.5", "label_en": "0 - 0.5"}]
    assert styles.legend({}) == [{"color": styles.DEFAULT_COLOUR, "label": "", "label_en": ""}]


@pytest.mark.parametrize(
    ("style", "problem"),
    [
        ({"kind": "heatmap"}, f"the style kind 'heatmap' is unknown; use one of {', '.join(styles.STYLE_KINDS)}."),
        ({"kind": "single", "color": "red"}, "color: 'red' is not a colour; write it as #RRGGBB."),
        ({"kind": "categories", "attribute": "loai", "categories": [{"value": 1, "color": "#000000"}]},
         "the attribute 'loai' is not a field of the layer; its fields are: kind, depth_m, name."),
        ({"kind": "categories", "attribute": "kind", "categories": [
            {"value": 1, "color": "#000000"}, {"value": 1, "color": "#FFFFFF"}]}, "category 2 repeats the value 1."),
        ({"kind": "ranges", "attribute": "depth_m", "ranges": [{"min": 2, "max": 1, "color": "#000000"}]},
         "range 1 needs numbers min < max."),
        ({"kind": "single", "color": "#000000", "opacity": 3}, '"opacity" must be a number from 0 to 1.'),
    ],
)  # fmt: skip
def test_invalid_styles_are_explained(style: dict, problem: str) -> None:
    assert problem in styles.style_problems(style, FIELDS)


@pytest.mark.django_db
def test_a_layer_refuses_options_that_do_not_fit_its_table() -> None:
    layer = Layer(
        slug="khu", title="Khu", source_kind="table", table_name="khong_co",
        style={"kind": "single", "color": "blue"}, tile_attributes={"ten": 30}, tile_minzoom=10, tile_maxzoom=5,
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        layer.full_clean()
    errors = caught.value.message_dict
    assert errors["table_name"] == ["the table or view public.khong_co does not exist."]
    assert errors["style"] == ["color: 'blue' is not a colour; write it as #RRGGBB."]
    assert "The zoom of 'ten' must be a whole number from 0 to 24." in errors["tile_attributes"]
    assert errors["tile_maxzoom"] == ["The last zoom must not be below the first."]
    for reserved in ("upload", "catalogue"):
        with pytest.raises(ValidationError, match="'upload' and 'catalogue' are reserved"):
            Layer(slug=reserved, title="x").full_clean(exclude=["table_name"])


@pytest.mark.django_db
def test_a_table_layer_needs_an_epsg_4326_geometry_column() -> None:
    layer = Layer(slug="don-vi", title="Đơn vị", source_kind="table", table_name="gis_core_adminunit",
                  geometry_column="code", id_column="id")  # fmt: skip
    with pytest.raises(ValidationError, match="'code' is not a geometry column"):
        layer.full_clean()


@pytest.mark.django_db
def test_access_rules_on_the_model_and_the_queryset_agree(people: People) -> None:
    public = Layer.objects.create(slug="cong-khai", title="a", access="public")
    internal = Layer.objects.create(slug="noi-bo", title="b", access="internal")
    restricted = Layer.objects.create(slug="han-che", title="c", access="restricted", allowed_roles=["operator"])
    restricted.allowed_agencies.add(people.ward)
    layers = [public, internal, restricted]

    users: list[User | AnonymousUser] = [AnonymousUser(), people.viewer, people.other_officer, people.owner_officer,
                                         people.operator, people.manager, people.superuser]  # fmt: skip
    for user in users:
        by_model = {layer.slug for layer in layers if layer.is_visible_to(user)}
        by_queryset = set(Layer.objects.visible_to(user).values_list("slug", flat=True))
        assert by_model == by_queryset, user
    assert {layer.slug for layer in layers if layer.is_visible_to(people.other_officer)} == {
        "cong-khai", "noi-bo", "han-che",
    }  # fmt: skip
    assert not restricted.is_visible_to(people.manager)  # restricted means the named roles and agencies only
    people.viewer.is_active = False
    assert not internal.is_visible_to(people.viewer)
