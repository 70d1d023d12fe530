"""Abuse limits, counted in the real Redis: so many reports per address an hour and per contact a day; a clear
message and Retry-After when refused, nothing written, and no address or phone number stored in the counters."""

import datetime
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client
from time_machine import TimeMachineFixture

from tests.fieldreports.world import World, counts, open311_form

pytestmark = pytest.mark.django_db


def _post(client: Client, world: World, ip: str, **fields: Any) -> Any:
    return client.post("/open311/v2/requests.json", open311_form(world, **fields), REMOTE_ADDR=ip)


def test_the_per_address_limit_refuses_the_next_report_until_the_hour_is_over(
    world: World, client: Client, settings: Any, frozen_clock: TimeMachineFixture
) -> None:
    settings.FIELDREPORTS_RATE_PER_IP_PER_HOUR = 2
    for _ in range(2):
        assert _post(client, world, "203.0.113.7").status_code == 200
    before = counts()
    refused = _post(client, world, "203.0.113.7")
    assert refused.status_code == 429
    [error] = refused.json()
    assert error["code"] == 429
    assert error["description"].startswith("Too many reports from your network in the last hour (limit 2).")
    assert 0 < int(refused["Retry-After"]) <= 3601
    assert counts() == before
    assert _post(client, world, "198.51.100.20").status_code == 200  # another address is not affected
    frozen_clock.shift(datetime.timedelta(hours=1))
    assert _post(client, world, "203.0.113.7").status_code == 200


def test_the_per_contact_limit_counts_one_phone_however_it_is_written(
    world: World, client: Client, settings: Any
) -> None:
    settings.FIELDREPORTS_RATE_PER_CONTACT_PER_DAY = 2
    assert _post(client, world, "192.0.2.1", phone="0905 123 456").status_code == 200
    assert _post(client, world, "192.0.2.2", phone="+84 905 123 456").status_code == 200
    refused = _post(client, world, "192.0.2.3", phone="0905.123.456")
    assert refused.status_code == 429
    assert "Too many reports with the same contact details today (limit 2)" in refused.json()[0]["description"]
    assert _post(client, world, "192.0.2.4", phone="0258 999 000").status_code == 200


def test_refused_and_invalid_submissions_do_not_use_up_the_limit(world: World, client: Client, settings: Any) -> None:
    settings.FIELDREPORTS_RATE_PER_IP_PER_HOUR = 1
    for _ in range(3):
        assert _post(client, world, "203.0.113.9", lat="north").status_code == 400
    assert _post(client, world, "203.0.113.9").status_code == 200


def test_a_gateway_client_is_limited_per_contact_only(world: World, client: Client, settings: Any) -> None:
    settings.FIELDREPORTS_RATE_PER_IP_PER_HOUR = 1
    world.client_app.shared_address = True
    world.client_app.save()
    for phone in ("0905 000 001", "0905 000 002", "0905 000 003"):
        assert _post(client, world, "10.0.0.5", phone=phone).status_code == 200


def test_the_public_page_is_limited_too_with_a_message_on_the_page(world: World, settings: Any) -> None:
    settings.FIELDREPORTS_RATE_PER_IP_PER_HOUR = 1
    form = {"service_code": "waste", "lat": "12.225", "long": "109.125", "description": "Rác đổ trộm ven đường."}
    page = Client(REMOTE_ADDR="203.0.113.50")
    assert page.post("/field-reports/", form).status_code == 302
    refused = page.post("/field-reports/", form)
    assert refused.status_code == 429
    assert "Too many reports from your network in the last hour" in refused.content.decode()


def test_counters_hold_no_address_or_phone(world: World, client: Client, rate_cache: str) -> None:
    assert _post(client, world, "203.0.113.77", phone="0905 424 242").status_code == 200
    redis = caches["fieldreports-rate"]._cache.get_client(write=True)  # type: ignore[attr-defined]
    keys = [key.decode() for key in redis.scan_iter(f"{rate_cache}:*")]
    assert len(keys) == 2  # one for the address, one for the phone
    assert not [key for key in keys if "203.0.113" in key or "0905" in key or "424242" in key]
