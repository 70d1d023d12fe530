"""Our Open311 documents against the example documents of GeoReport v2 (wiki.open311.org/GeoReport_v2), field for
field: the same keys in JSON, the same element names in XML, for every resource and for errors."""

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.test import Client

from fieldreports import handling
from fieldreports.models import FieldReport
from tests.fieldreports.world import World, post_report

pytestmark = pytest.mark.django_db

# ---- The spec's examples, as printed in it ---------------------------------------------------------------------

SERVICES_XML = """<?xml version="1.0" encoding="utf-8"?>
<services>
    <service>
        <service_code>001</service_code>
        <service_name>Cans left out 24x7</service_name>
        <description>Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.</description>
        <metadata>true</metadata>
        <type>realtime</type>
        <keywords>lorem, ipsum, dolor</keywords>
        <group>sanitation</group>
    </service>
</services>"""  # noqa: E501

SERVICES_JSON = """[
  {
    "service_code":001,
    "service_name":"Cans left out 24x7",
    "description":"Garbage or recycling cans that have been left out for more than 24 hours after collection. Violators will be cited.",
    "metadata":true,
    "type":"realtime",
    "keywords":"lorem, ipsum, dolor",
    "group":"sanitation"
  }
]"""  # noqa: E501

DEFINITION_XML = """<?xml version="1.0" encoding="utf-8"?>
<service_definition>
    <service_code>DMV66</service_code>
    <attributes>
        <attribute>
            <variable>true</variable>
            <code>WHISHETN</code>
            <datatype>singlevaluelist</datatype>
            <required>true</required>
            <datatype_description></datatype_description>
            <order>1</order>
            <description>What is the ticket/tag/DL number?</description>
            <values>
                <value>
                    <key>123</key>
                    <name>Ford</name>
                </value>
                <value>
                    <key>124</key>
                    <name>Chrysler</name>
                </value>
            </values>
        </attribute>
    </attributes>
</service_definition>"""

DEFINITION_JSON = """{
  "service_code":"DMV66",
  "attributes":[
    {
      "variable":true,
      "code":"WHISHETN",
      "datatype":"singlevaluelist",
      "required":true,
      "datatype_description":null,
      "order":1,
      "description":"What is the ticket/tag/DL number?",
      "values":[
        {
          "key":123,
          "name":"Ford"
        },
        {
          "key":124,
          "name":"Chrysler"
        }
      ]
    }
  ]
}"""

CREATED_XML = """<?xml version="1.0" encoding="utf-8"?>
<service_requests>
    <request>
        <service_request_id>293944</service_request_id>
        <service_notice>
            The City will inspect and require the responsible party to correct within 24 hours and/or issue a Correction Notice or Notice of Violation of the Public Works Code
        </service_notice>
        <account_id/>
    </request>
</service_requests>"""  # noqa: E501

CREATED_JSON = """[
  {
    "service_request_id":293944,
    "service_notice":"The City will inspect and require the responsible party to correct within 24 hours and/or issue a Correction Notice or Notice of Violation of the Public Works Code",
    "account_id":null
  }
]"""  # noqa: E501

TOKEN_XML = """<?xml version="1.0" encoding="utf-8"?>
<service_requests>
    <request>
        <service_request_id>638344</service_request_id>
        <token>12345</token>
    </request>
</service_requests>"""

TOKEN_JSON = """[
  {
    "service_request_id":638344,
    "token":12345
  }
]"""

REQUESTS_XML = """<?xml version="1.0" encoding="utf-8"?>
<service_requests>
    <request>
        <service_request_id>638344</service_request_id>
        <status>closed</status>
        <status_notes>Duplicate request.</status_notes>
        <service_name>Sidewalk and Curb Issues</service_name>
        <service_code>006</service_code>
        <description></description>
        <agency_responsible></agency_responsible>
        <service_notice></service_notice>
        <requested_datetime>2010-04-14T06:37:38-08:00</requested_datetime>
        <updated_datetime>2010-04-14T06:37:38-08:00</updated_datetime>
        <expected_datetime>2010-04-15T06:37:38-08:00</expected_datetime>
        <address>8TH AVE and JUDAH ST</address>
        <address_id>545483</address_id>
        <zipcode>94122</zipcode>
        <lat>37.762221815</lat>
        <long>-122.4651145</long>
        <media_url>http://city.gov.s3.amazonaws.com/requests/media/638344.jpg </media_url>
    </request>
</service_requests>"""

REQUESTS_JSON = """[
  {
    "service_request_id":638344,
    "status":"closed",
    "status_notes":"Duplicate request.",
    "service_name":"Sidewalk and Curb Issues",
    "service_code":006,
    "description":null,
    "agency_responsible":null,
    "service_notice":null,
    "requested_datetime":"2010-04-14T06:37:38-08:00",
    "updated_datetime":"2010-04-14T06:37:38-08:00",
    "expected_datetime":"2010-04-15T06:37:38-08:00",
    "address":"8TH AVE and JUDAH ST",
    "address_id":545483,
    "zipcode":94122,
    "lat":37.762221815,
    "long":-122.4651145,
    "media_url":"http://city.gov.s3.amazonaws.com/requests/media/638344.jpg "
  }
]"""

ERRORS_XML = """<?xml version="1.0" encoding="utf-8"?>
<errors>
    <error>
        <code>403</code>
        <description>Invalid api_key received -- can't proceed with create_request.</description>
    </error>
</errors>"""

ERRORS_JSON = """[
  {
    "code":403,
    "description":"Invalid api_key received -- can't proceed with create_request."
  }
]"""


def spec_json(text: str) -> Any:
    """Parse a spec example; it writes codes such as 001 bare, which JSON does not allow, so quote them first."""
    return json.loads(re.sub(r'("\w+":)(0\d+)(?=[,\s}])', r'\1"\2"', text))


def shape(element: ET.Element) -> Any:
    """The element names of an XML tree, in order: (name, [children's shapes]); leaves are just their name.

    Of a list (children all of one name, e.g. <services>) only the first item counts, as keys() does in JSON.
    """
    children = list(element)
    if children and all(child.tag == children[0].tag for child in children):
        children = children[:1]
    return (element.tag, [shape(child) for child in children]) if children else element.tag


def keys(document: Any) -> Any:
    """The keys of a JSON document, in order, down every object and the first item of every list."""
    if isinstance(document, dict):
        return [(key, keys(value)) for key, value in document.items()]
    if isinstance(document, list):
        return [keys(document[0])] if document else []
    return None


def ours(client: Client, path: str, status: int = 200) -> tuple[Any, ET.Element]:
    """Our document at path in both formats: (parsed JSON, XML root); checks status, types and the declaration."""
    as_json, as_xml = client.get(f"/open311/v2/{path}.json"), client.get(f"/open311/v2/{path}.xml")
    assert (as_json.status_code, as_xml.status_code) == (status, status), as_json.content[:300]
    assert as_json["Content-Type"] == "application/json; charset=utf-8"
    assert as_xml["Content-Type"] == "text/xml; charset=utf-8"
    assert as_xml.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return as_json.json(), ET.fromstring(as_xml.content)  # our own server's answer


# ---- The comparisons ---------------------------------------------------------------------------------------------


def test_services_match_the_spec_example(world: World, client: Client) -> None:
    document, root = ours(client, "services")
    assert keys(document) == keys(spec_json(SERVICES_JSON))
    assert shape(root) == shape(ET.fromstring(SERVICES_XML))
    streetlight = next(item for item in document if item["service_code"] == "streetlight-out")
    assert streetlight == {
        "service_code": "streetlight-out", "service_name": "Street light out",
        "description": "A street light does not work.", "metadata": True, "type": "realtime",
        "keywords": "đèn đường, streetlight", "group": "utilities",
    }  # fmt: skip
    assert root.find("service[service_code='streetlight-out']/metadata").text == "true"  # type: ignore[union-attr]


def test_service_definition_matches_the_spec_example(world: World, client: Client) -> None:
    document, root = ours(client, "services/streetlight-out")
    spec = spec_json(DEFINITION_JSON)
    assert keys(document) == keys(spec)
    assert shape(root) == shape(ET.fromstring(DEFINITION_XML))
    # The second question has no list of values; the keys it has are the spec's without "values".
    assert list(document["attributes"][1]) == [key for key in spec["attributes"][0] if key != "values"]
    assert document["attributes"][0]["values"] == [{"key": "off", "name": "Off"}, {"key": "flicker",
                                                                                  "name": "Flickering"}]  # fmt: skip


def test_post_response_matches_the_spec_example(world: World, client: Client) -> None:
    as_json = post_report(client, world, fmt="json")
    as_xml = post_report(client, world, fmt="xml", phone="0258 111 222")
    assert (as_json.status_code, as_xml.status_code) == (200, 200), as_json.content
    assert keys(as_json.json()) == keys(spec_json(CREATED_JSON))
    root = ET.fromstring(as_xml.content)
    assert shape(root) == shape(ET.fromstring(CREATED_XML))
    assert root.find("request/account_id") is not None and root.findtext("request/account_id") in ("", None)


def test_requests_and_one_request_match_the_spec_example(world: World, client: Client) -> None:
    post_report(client, world, photos=1)
    report = FieldReport.objects.get()
    handling.refuse_report(report, world.users["operator"], "Duplicate request.")
    for path in ("requests", f"requests/{report.pk}"):
        document, root = ours(client, path)
        assert keys(document) == keys(spec_json(REQUESTS_JSON))
        assert shape(root) == shape(ET.fromstring(REQUESTS_XML))
        assert document[0]["status_notes"] == root.findtext("request/status_notes") == "Duplicate request."
        assert root.findtext("request/media_url", "").startswith("http://testserver/field-reports/photos/")


def test_token_matches_the_spec_example(world: World, client: Client) -> None:
    post_report(client, world)
    report = FieldReport.objects.get()
    document, root = ours(client, f"tokens/{report.tracking_code}")
    assert keys(document) == keys(spec_json(TOKEN_JSON))
    assert shape(root) == shape(ET.fromstring(TOKEN_XML))
    assert root.findtext("request/service_request_id") == str(report.pk)


def test_errors_match_the_spec_example(world: World, client: Client) -> None:
    as_json = post_report(client, world, api_key="wrong-key")
    as_xml = post_report(client, world, api_key="wrong-key", fmt="xml")
    assert (as_json.status_code, as_xml.status_code) == (403, 403)
    assert keys(as_json.json()) == keys(spec_json(ERRORS_JSON))
    assert shape(ET.fromstring(as_xml.content)) == shape(ET.fromstring(ERRORS_XML))
    assert as_json.json() == spec_json(ERRORS_JSON)  # the spec's own wording for this case
    not_found, root = ours(client, "requests/999999", status=404)
    assert not_found == [{"code": 404, "description": "service_request_id 999999 was not found."}]
    assert root.tag == "errors" and root.findtext("error/code") == "404"


def test_dates_are_w3_with_their_offset(world: World, client: Client) -> None:
    post_report(client, world)
    [document] = client.get("/open311/v2/requests.json").json()
    assert document["requested_datetime"] == "2026-03-10T09:00:00+07:00"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", document["updated_datetime"])


def test_the_list_costs_the_same_number_of_queries_for_more_requests(
    world: World, client: Client, settings: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.FIELDREPORTS_RATE_PER_IP_PER_HOUR = 100

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/open311/v2/requests.json").status_code == 200
        return len(captured)

    post_report(client, world, photos=1)
    few = queries()
    for _ in range(4):
        post_report(client, world, photos=1)
    assert len(client.get("/open311/v2/requests.json").json()) == 5
    assert queries() == few
