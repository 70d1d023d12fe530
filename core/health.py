"""The warnings /healthz reports besides its own checks: a registry each app fills in from its AppConfig.ready.

A warning is never a failure: the site still serves (e.g. notices to an audience nobody can receive are kept
undelivered), and a 503 would only get the container restarted.
"""

from collections.abc import Mapping
from typing import Protocol

# Check name (a member of /healthz's answer) -> dotted path of a function returning that check's warnings. Each app
# adds its own with core.registry.register (alerts: "notifications", the audiences nobody can receive).
HEALTH_WARNINGS: dict[str, str] = {}


class HealthWarning(Protocol):
    def as_dict(self) -> Mapping[str, object]: ...
