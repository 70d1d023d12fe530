"""Random CQL2 text and JSON filters (Hypothesis) never make the items endpoint answer a server error."""

import json

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from layers.models import Layer
from tests.ogc_api.conftest import points  # noqa: F401
from tests.security.fuzzing import FUZZ_EXAMPLES, FUZZ_SEED

PROPERTIES = st.sampled_from(["hang", "cot", "ten", "geometry", "nope", "geom"])
LITERALS = st.one_of(
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.booleans(),
    st.none(),
)
TEXT_LITERALS = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=False).map(repr),
    st.text(max_size=8).map(lambda t: "'" + t.replace("'", "''") + "'"),
    st.sampled_from(["TRUE", "NULL", "1e308", "-1e308", "'a'", "DATE('2026-13-40')", "TIMESTAMP('x')"]),
)
OPERATORS = st.sampled_from(["=", "<>", "<", ">=", "LIKE", "IS NULL", "IS NOT NULL", "IN", "BETWEEN"])
SPATIAL = st.sampled_from(["S_INTERSECTS", "S_WITHIN", "S_CONTAINS", "S_DISJOINT", "T_BEFORE", "A_CONTAINS"])
GEOMETRIES = st.one_of(
    st.builds(lambda a, b, c, d: f"BBOX({a},{b},{c},{d})", TEXT_LITERALS, TEXT_LITERALS, TEXT_LITERALS, TEXT_LITERALS),
    st.builds(lambda x, y: f"POINT({x} {y})", TEXT_LITERALS, TEXT_LITERALS),
    st.sampled_from(["POLYGON((0 0, 1 0, 1 1, 0 0))", "POLYGON(())", "LINESTRING(1 1)", "ENVELOPE(1,2,3,4)"]),
)


def _predicate() -> st.SearchStrategy[str]:
    comparison = st.builds(lambda p, o, v: f"{p} {o} {v}", PROPERTIES, OPERATORS, TEXT_LITERALS)
    spatial = st.builds(lambda f, p, g: f"{f}({p}, {g})", SPATIAL, PROPERTIES, GEOMETRIES)
    return st.one_of(comparison, spatial, st.text(max_size=30))


CQL2_TEXT = st.recursive(
    _predicate(),
    lambda inner: st.one_of(
        st.builds(lambda a, b: f"({a}) AND ({b})", inner, inner),
        st.builds(lambda a, b: f"{a} OR {b}", inner, inner),
        st.builds(lambda a: f"NOT ({a})", inner),
    ),
    max_leaves=12,
)
JSON_GEOMETRIES = st.fixed_dictionaries(
    {"type": st.sampled_from(["Point", "Polygon", "Foo", "LineString"]),
     "coordinates": st.recursive(LITERALS, lambda c: st.lists(c, max_size=4), max_leaves=10)}
)  # fmt: skip
CQL2_JSON = st.recursive(
    st.one_of(
        st.fixed_dictionaries({"property": PROPERTIES}),
        LITERALS,
        JSON_GEOMETRIES,
        st.fixed_dictionaries({"bbox": st.lists(LITERALS, max_size=6)}),
    ),
    lambda inner: st.fixed_dictionaries(
        {"op": st.sampled_from(["and", "or", "not", "=", "<", "like", "in", "between", "s_intersects", "isNull", "x"]),
         "args": st.lists(inner, max_size=3)}
    ),
    max_leaves=15,
)  # fmt: skip

SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES * 5, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)  # fmt: skip


@pytest.fixture
def client() -> Client:
    return Client(HTTP_HOST="localhost", raise_request_exception=False)


def _answer(client: Client, layer: Layer, **query: str) -> int:
    response = client.get(f"/ogc/collections/{layer.slug}/items", query, HTTP_ACCEPT="application/json")
    return response.status_code


def test_random_cql2_text_never_answers_a_server_error(client: Client, points: Layer) -> None:  # noqa: F811
    @seed(FUZZ_SEED)
    @given(text=CQL2_TEXT)
    @SETTINGS
    def check(text: str) -> None:
        assert _answer(client, points, filter=text) < 500, text

    check()


def test_random_cql2_json_never_answers_a_server_error(client: Client, points: Layer) -> None:  # noqa: F811
    @seed(FUZZ_SEED)
    @given(document=CQL2_JSON)
    @SETTINGS
    def check(document: object) -> None:
        text = json.dumps(document)
        assert _answer(client, points, filter=text, **{"filter-lang": "cql2-json"}) < 500, text

    check()
