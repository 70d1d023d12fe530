"""The caller's address, the same for every rate limit and log: forwarded headers count only from trusted proxies."""

from ipaddress import IPv4Address, IPv6Address, ip_address

from django.conf import settings
from django.http import HttpRequest


def _address(text: str) -> IPv4Address | IPv6Address | None:
    try:
        return ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: IPv4Address | IPv6Address | None) -> bool:
    return address is not None and any(address in network for network in settings.TRUSTED_PROXIES)


def client_ip(request: HttpRequest) -> str:
    """Return the caller's address: the peer, or, behind TRUSTED_PROXIES, the last untrusted X-Forwarded-For hop."""
    peer = request.META.get("REMOTE_ADDR", "")
    if not _trusted(_address(peer)):
        return peer  # anyone may write X-Forwarded-For; only our own proxies are believed
    # Each proxy appends the address it saw; walk back from the nearest hop past our own proxies.
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop)
        if address is None:
            break  # a forged or garbled entry: stop at the last address a trusted proxy vouched for
        if not _trusted(address):
            return str(address)
        peer = str(address)
    return peer
