"""Pulled datasets: the worker fetches the provider's endpoint (a real HTTP server here), retrying with backoff."""

import datetime
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone
from pytest_django import Settings

from datahub import pull
from datahub.models import Dataset, Delivery
from indicators.models import IndicatorValue
from tests.datahub.files import csv_bytes
from tests.datahub.world import World

PORT = 8108  # this suite's own port
BODY = csv_bytes([["budget-revenue", "2026-03", "", "1450", "tỷ đồng"]])


class Provider(BaseHTTPRequestHandler):
    status = 200
    requests = 0

    def do_GET(self) -> None:
        type(self).requests += 1
        self.send_response(type(self).status)
        self.send_header("Content-Type", "text/csv; charset=utf-8")
        self.end_headers()
        if type(self).status == 200:
            self.wfile.write(BODY)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def endpoint() -> Iterator[type[Provider]]:
    Provider.status, Provider.requests = 200, 0
    server = ThreadingHTTPServer(("127.0.0.1", PORT), Provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Provider
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def pulled(world: World) -> Dataset:
    Dataset.objects.filter(pk=world.dataset.pk).update(
        arrival=Dataset.Arrival.PULL, pull_url=f"http://127.0.0.1:{PORT}/chi-tieu.csv", next_pull_at=timezone.now()
    )
    return Dataset.objects.get(pk=world.dataset.pk)


def test_a_due_dataset_is_pulled_and_stored(pulled: Dataset, endpoint: type[Provider]) -> None:
    report = pull.run_due()

    assert report.fetched == ["finance"] and endpoint.requests == 1
    delivery = Delivery.objects.get()
    assert (delivery.channel, delivery.source_url, delivery.format) == ("pull", pulled.pull_url, "csv")
    assert IndicatorValue.objects.get().delivery == delivery
    pulled.refresh_from_db()
    assert pulled.next_pull_at is not None and pulled.next_pull_at > timezone.now() + datetime.timedelta(days=29)
    assert pull.run_due().fetched == []  # not due again


def test_a_failing_endpoint_is_retried_with_growing_delays(
    pulled: Dataset, endpoint: type[Provider], settings: Settings
) -> None:
    endpoint.status = 503
    settings.DATAHUB_PULL_RETRY_SECONDS = 60

    first = pull.run_due()
    pulled.refresh_from_db()
    assert pulled.next_pull_at is not None
    first_delay = pulled.next_pull_at - timezone.now()
    Dataset.objects.filter(pk=pulled.pk).update(next_pull_at=timezone.now())
    pull.run_due()
    pulled.refresh_from_db()
    assert pulled.next_pull_at is not None
    second_delay = pulled.next_pull_at - timezone.now()

    assert first.failed == ["finance"]
    assert (pulled.pull_failures, pulled.last_pull_error) == (2, "HTTP 503 Service Unavailable")
    assert datetime.timedelta(seconds=50) < first_delay <= datetime.timedelta(seconds=60)
    assert datetime.timedelta(seconds=110) < second_delay <= datetime.timedelta(seconds=120)
    assert not Delivery.objects.exists()
    endpoint.status = 200
    Dataset.objects.filter(pk=pulled.pk).update(next_pull_at=timezone.now())
    assert pull.run_due().fetched == ["finance"]
    pulled.refresh_from_db()
    assert (pulled.pull_failures, pulled.last_pull_error) == (0, "")


def test_an_unreachable_endpoint_is_recorded(pulled: Dataset) -> None:
    Dataset.objects.filter(pk=pulled.pk).update(pull_url="http://127.0.0.1:9/nothing-listens-here")

    report = pull.run_due()

    pulled.refresh_from_db()
    assert report.failed == ["finance"] and pulled.last_pull_error.startswith("cannot reach the endpoint")
