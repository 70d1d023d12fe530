"""X-Forwarded-For is believed only from TRUSTED_PROXIES, for every rate limit and the sign-in lockout."""

from ipaddress import ip_network

import pytest
from django.http import HttpRequest
from django.test import RequestFactory, override_settings

from core.client_ip import client_ip

PROXY = [ip_network("10.0.0.0/24")]


def request(peer: str, forwarded: str | None = None) -> HttpRequest:
    meta = {"REMOTE_ADDR": peer} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {})
    made = RequestFactory().get("/")
    made.META.update(meta)
    return made


@override_settings(TRUSTED_PROXIES=[])
def test_a_forged_forwarded_header_from_anyone_is_ignored() -> None:
    assert client_ip(request("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=PROXY)
def test_behind_a_trusted_proxy_the_address_it_saw_counts() -> None:
    assert client_ip(request("10.0.0.2", "198.51.100.9")) == "198.51.100.9"


@override_settings(TRUSTED_PROXIES=PROXY)
def test_entries_a_client_wrote_before_our_proxy_are_not_believed() -> None:
    # The client sent "X-Forwarded-For: 1.2.3.4"; our proxy appended the address it really saw.
    assert client_ip(request("10.0.0.2", "1.2.3.4, 198.51.100.9")) == "198.51.100.9"


@override_settings(TRUSTED_PROXIES=PROXY)
def test_a_chain_of_trusted_proxies_is_walked_back() -> None:
    assert client_ip(request("10.0.0.2", "198.51.100.9, 10.0.0.5")) == "198.51.100.9"


@override_settings(TRUSTED_PROXIES=PROXY)
def test_a_garbled_hop_stops_at_the_last_vouched_address() -> None:
    assert client_ip(request("10.0.0.2", "not-an-ip, 10.0.0.5")) == "10.0.0.5"


def test_bad_trusted_proxies_stop_start_up_with_the_variables_name(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from config.env import env_networks

    monkeypatch.setenv("TRUSTED_PROXIES", "10.0.0.0/8, nginx")
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES: 'nginx'"):
        env_networks("TRUSTED_PROXIES", [])
