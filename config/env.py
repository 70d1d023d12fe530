"""Typed readers for settings from environment variables; each fails loudly on a bad value."""

import os
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_MISSING: Any = object()


def _raw(name: str, default: Any) -> str | None:
    value = os.environ.get(name)
    if default is _MISSING and (value is None or not value.strip()):
        raise ImproperlyConfigured(f"Environment variable {name} is required but not set or empty.")
    return value


def env_str(name: str, default: str = _MISSING) -> str:
    """Return a string variable."""
    value = _raw(name, default)
    return default if value is None else value


def env_bool(name: str, default: bool = _MISSING) -> bool:
    """Return a boolean variable written as 1/0, true/false, yes/no or on/off."""
    value = _raw(name, default)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use 1/0, true/false, yes/no or on/off.")


def env_int(name: str, default: int = _MISSING) -> int:
    """Return an integer variable."""
    value = _raw(name, default)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer.") from None


def env_list(name: str, default: list[str] = _MISSING) -> list[str]:
    """Return a comma-separated list variable."""
    value = _raw(name, default)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_networks(name: str, default: list[str] = _MISSING) -> list[IPv4Network | IPv6Network]:
    """Return a comma-separated list of IP addresses or networks (10.0.0.0/8, 127.0.0.1)."""
    networks = []
    for item in env_list(name, default):
        try:
            networks.append(ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {item!r} is not an IP address or network.") from None
    return networks


def env_path(name: str, default: Path = _MISSING) -> Path:
    """Return a filesystem path variable, made absolute (relative paths are taken from the working directory)."""
    value = _raw(name, default)
    if value is None or not value.strip():
        return Path(default).resolve()
    return Path(value.strip()).expanduser().resolve()


def env_database(name: str, default: str) -> dict[str, Any]:
    """Return a Django DATABASES entry for a PostGIS URL."""
    url = env_str(name, default)
    try:
        config = dj_database_url.parse(url, engine="django.contrib.gis.db.backends.postgis")
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name}={url!r} names no database; add it after the last '/'.")
    return dict(config)


def env_database_list(name: str) -> list[dict[str, Any]]:
    """Return one Django DATABASES entry per PostGIS URL of a comma-separated variable (none when unset)."""
    entries = []
    for url in env_list(name, []):
        try:
            config = dj_database_url.parse(url, engine="django.contrib.gis.db.backends.postgis")
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name}: {url!r} is not a valid database URL: {exc}") from None
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"{name}: {url!r} names no database; add it after the last '/'.")
        entries.append(dict(config))
    return entries


def env_choice(name: str, default: str, choices: set[str]) -> str:
    """Return a variable that must be one of a fixed set of words."""
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r}; use one of {', '.join(sorted(choices))}.")
    return value
