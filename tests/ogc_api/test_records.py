"""OGC API Records: the layer catalogue as the record collection `catalogue`, searchable in both languages."""

import datetime

import pytest
from django.test import Client
from owslib.ogcapi.records import Records
from pytest_django.live_server_helper import LiveServer

from layers.models import Layer
from tests.layers.conftest import People

pytestmark = pytest.mark.django_db
RECORDS = "/ogc/collections/catalogue/items"


def catalogue_layer(slug: str, **fields: object) -> Layer:
    defaults: dict[str, object] = {"title": slug, "access": Layer.Access.PUBLIC}
    return Layer.objects.create(slug=slug, **{**defaults, **fields})


@pytest.fixture
def catalogue(people: People) -> dict[str, Layer]:
    """Four layers: flood zones (public), schools (public), a landslide map (internal), sensors (restricted)."""
    layers = {
        "vung-ngap": catalogue_layer(
            "vung-ngap", title="Vùng ngập lụt", title_en="Flood zones", keywords=["thiên tai", "flood"],
            description="Các vùng ngập khi mưa lớn.", description_en="Areas flooded in heavy rain.",
        ),
        "truong-hoc": catalogue_layer(
            "truong-hoc", title="Trường học", title_en="Schools", description="Trường mầm non đến trung học phổ thông.",
        ),
        "sat-lo": catalogue_layer("sat-lo", title="Nguy cơ sạt lở", title_en="Landslide risk",
                                  access=Layer.Access.INTERNAL),
        "tram-quan-trac": catalogue_layer("tram-quan-trac", title="Trạm quan trắc ngập", title_en="Flood sensors",
                                          access=Layer.Access.RESTRICTED, owner=people.environment),
    }  # fmt: skip
    Layer.objects.filter(slug="vung-ngap").update(
        extent=[109.1, 12.2, 109.3, 12.3], last_updated=datetime.datetime(2025, 7, 1, 8, tzinfo=datetime.UTC)
    )
    Layer.objects.filter(slug="truong-hoc").update(extent=[108.5, 11.5, 108.7, 11.7])
    return layers


def ids(client: Client, **params: str) -> list[str]:
    response = client.get(RECORDS, params)
    assert response.status_code == 200, response.content
    return [record["id"] for record in response.json()["features"]]


def test_the_catalogue_is_a_record_collection(client: Client, catalogue: dict) -> None:
    collections = client.get("/ogc/collections").json()["collections"]
    entry = next(c for c in collections if c["id"] == "catalogue")
    assert entry["itemType"] == "record"
    assert client.get("/ogc/collections/catalogue").json()["itemType"] == "record"
    classes = client.get("/ogc/conformance").json()["conformsTo"]
    assert "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/record-core" in classes


def test_records_are_geojson_in_the_records_encoding(client: Client, catalogue: dict) -> None:
    response = client.get(f"{RECORDS}/vung-ngap")
    assert response["Content-Type"].startswith("application/geo+json")
    record = response.json()
    assert (record["type"], record["id"]) == ("Feature", "vung-ngap")
    assert record["properties"]["type"] == "vector"
    assert (record["properties"]["title"], record["properties"]["keywords"]) == ("Flood zones", ["thiên tai", "flood"])
    assert record["geometry"]["coordinates"][0][0] == [109.1, 12.2]
    assert record["time"] == {"timestamp": "2025-07-01T08:00:00Z"}
    assert "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/record-core" in record["conformsTo"]
    assert any(link["rel"] == "describedby" and link["href"].endswith("/layers/vung-ngap/") for link in record["links"])


def test_anonymous_callers_find_only_public_layers(client: Client, catalogue: dict) -> None:
    assert ids(client) == ["truong-hoc", "vung-ngap"]
    body = client.get(RECORDS).json()
    assert (body["numberMatched"], body["numberReturned"]) == (2, 2)


def test_signed_in_callers_find_internal_layers_and_owners_their_restricted_ones(
    client: Client, people: People, catalogue: dict
) -> None:
    client.force_login(people.other_officer)
    assert ids(client) == ["sat-lo", "truong-hoc", "vung-ngap"]
    client.force_login(people.owner_officer)
    assert ids(client) == ["sat-lo", "tram-quan-trac", "truong-hoc", "vung-ngap"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("ngập", ["vung-ngap"]),  # the restricted sensors say "ngập" too, but anonymous callers never see them
        ("ngap", ["vung-ngap"]),  # without diacritics
        ("NGẬP LỤT", ["vung-ngap"]),  # case-insensitive; words in order
        ("lụt ngập", []),  # words of one term must appear in that order
        ("flood", ["vung-ngap"]),  # English title and keywords
        ("heavy rain", ["vung-ngap"]),  # English description
        ("phổ thông", ["truong-hoc"]),  # Vietnamese description
        ("schools,thiên tai", ["truong-hoc", "vung-ngap"]),  # comma: any term
        ("đường", []),
    ],
)
def test_q_searches_titles_descriptions_and_keywords_in_both_languages(
    client: Client, catalogue: dict, q: str, expected: list[str]
) -> None:
    assert ids(client, q=q) == expected


def test_bbox_type_ids_and_datetime_narrow_the_search(client: Client, people: People, catalogue: dict) -> None:
    assert ids(client, bbox="109.2,12.25,109.5,12.5") == ["vung-ngap"]
    assert ids(client, bbox="100,5,101,6") == []
    assert ids(client, type="vector") == ["truong-hoc", "vung-ngap"]
    assert ids(client, type="raster") == []
    assert ids(client, ids="vung-ngap,tram-quan-trac") == ["vung-ngap"]  # restricted stays hidden
    assert ids(client, datetime="2025-07-01") == ["vung-ngap"]
    assert ids(client, datetime="../2025-06-30") == []
    assert ids(client, externalIds="x:1") == []


def test_paging_links_walk_the_records(client: Client, catalogue: dict) -> None:
    first = client.get(RECORDS, {"limit": 1}).json()
    following = next(link["href"] for link in first["links"] if link["rel"] == "next")
    second = client.get(following).json()
    assert [r["id"] for r in first["features"] + second["features"]] == ["truong-hoc", "vung-ngap"]
    assert not any(link["rel"] == "next" for link in second["links"])


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"type": "map"}, "type=map is not a record type here"),
        ({"bbox": "1,2"}, "bbox must be four numbers"),
        ({"datetime": "July"}, "datetime=July is not an instant or interval"),
        ({"datetime": "2025-02-01/2025-01-01"}, "is not an instant or interval"),
        ({"limit": "0"}, "limit must be a whole number from 1 to 1000"),
        ({"f": "xml"}, "f=xml is not offered"),
    ],
)
def test_bad_search_parameters_are_refused(client: Client, catalogue: dict, params: dict, words: str) -> None:
    response = client.get(RECORDS, params)
    assert response.status_code == 400
    assert words in response.json()["message"]


def test_restricted_and_missing_records(client: Client, people: People, catalogue: dict) -> None:
    assert client.get(f"{RECORDS}/tram-quan-trac").status_code == 401
    client.force_login(people.other_officer)
    assert client.get(f"{RECORDS}/tram-quan-trac").status_code == 403
    assert client.get(f"{RECORDS}/khong-co").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_owslib_reads_the_catalogue(live_server: LiveServer, catalogue: dict) -> None:
    client = Records(f"{live_server.url}/ogc/")
    assert client.records() == ["catalogue"]
    found = client.collection_items("catalogue", q="ngap")
    assert [record["id"] for record in found["features"]] == ["vung-ngap"]
