"""Deployment checks (`manage.py check --deploy`) for settings whose development default would fail silently in
production: links in every message pointing at localhost, and limits and turn-taking kept per process."""

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})  # noqa: S104 (names compared, not bound)


@register(Tags.security, deploy=True)
def check_production_settings(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    """Refuse a production start whose messages would link to localhost or whose limits would be per process."""
    if settings.DEBUG:
        return []
    errors: list[CheckMessage] = []
    site = urlsplit(settings.ALERTS_SITE_URL)
    if site.scheme not in ("http", "https") or not site.hostname or site.hostname in LOOPBACK_HOSTS:
        errors.append(
            Error(
                f"ALERTS_SITE_URL is {settings.ALERTS_SITE_URL!r}: every email, SMS and webhook would link there.",
                hint="Set the environment variable ALERTS_SITE_URL to the public address, e.g. "
                "https://ioc.khanhhoa.gov.vn.",
                id="core.E001",
            )
        )
    if not settings.REDIS_URL:
        errors.append(
            Error(
                "REDIS_URL is not set: rate limits, the tile cache and the turn-taking of periodic tasks would be "
                "kept per process, so several processes would each allow the limit and each run the tasks.",
                hint="Set the environment variable REDIS_URL, e.g. redis://:password@redis:6379/0.",
                id="core.E002",
            )
        )
    return errors
