"""Administrative procedure results pulled on schedule from a configurable JSON endpoint (the public-service portal's
API), through the datahub's pull machinery and its safe fetcher, with the late-processing rule run on arrival."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from agencies.models import Agency
from alerts.api import Alert, Category
from datahub import pull
from datahub.models import Dataset, Delivery
from indicators import periods
from indicators.models import DossierStat
from tests.agencies.factories import make_agency
from tests.datahub.world import World

PORT = 8119  # this file's own port


class Portal(BaseHTTPRequestHandler):
    body = b"[]"
    redirect = ""

    def do_GET(self) -> None:
        if type(self).redirect:
            self.send_response(302)
            self.send_header("Location", type(self).redirect)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(type(self).body)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def portal_server() -> Iterator[type[Portal]]:
    label = periods.label("month", periods.recent("month", timezone.localdate(), 1)[0])
    Portal.redirect = ""
    Portal.body = json.dumps([
        {"Đơn vị": "so-tc", "Kỳ báo cáo": label, "Tổng số hồ sơ tiếp nhận": 200, "Đã giải quyết đúng hạn": 120,
         "Đã giải quyết quá hạn": 60, "Đang giải quyết trong hạn": 15, "Đang giải quyết quá hạn": 5},
    ], ensure_ascii=False).encode()  # fmt: skip
    server = ThreadingHTTPServer(("127.0.0.1", PORT), Portal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield Portal
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def pulled(world: World) -> Dataset:
    office = make_agency("vp-ubnd-tinh", kind=Agency.Kind.PROCESSING, whole_province=True)
    return Dataset.objects.create(
        code="dvc-api", name="Cổng DVC (API)", provider=office, target="dossier_stats", format=Dataset.Format.JSON,
        arrival=Dataset.Arrival.PULL, pull_url=f"http://127.0.0.1:{PORT}/bao-cao.json", next_pull_at=timezone.now(),
    )  # fmt: skip


def test_the_portal_endpoint_is_pulled_stored_and_checked(pulled: Dataset, portal_server: type[Portal]) -> None:
    assert pull.run_due().fetched == ["dvc-api"]
    stat = DossierStat.objects.get()
    assert (stat.on_time, stat.late, stat.in_progress, stat.overdue) == (120, 60, 20, 5)
    assert stat.delivery.channel == Delivery.Channel.PULL
    assert Alert.objects.filter(category=Category.LATE_PROCESSING, details__agency="so-tc").count() == 1


def test_a_redirect_to_a_private_address_is_refused(pulled: Dataset, portal_server: type[Portal]) -> None:
    portal_server.redirect = "http://10.20.30.40/bao-cao.json"
    assert pull.run_due().failed == ["dvc-api"]
    pulled.refresh_from_db()
    assert pulled.last_pull_error and not DossierStat.objects.exists()
