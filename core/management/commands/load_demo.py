"""Load the demo province: each app's demo data in dependency order; running it twice changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

# Each loader is an idempotent function(stdout) -> None; later issues append theirs.
DEMO_LOADERS = [
    "gis_core.demo.load",
    "layers.demo.load",
    "planning.demo.load",
    "agencies.demo.load",
    "alerts.demo.load",
    "delivery.demo.load",
    "accounts.demo.load",
    "fieldreports.demo.load",
    "indicators.demo.load",
    "iot.demo.load",
    "services.demo.load",
    "roads.demo.load",
    "sectors.traffic.demo.load",
    "sectors.fire.demo.load",
    "sectors.health.demo.load",
    "sectors.education.demo.load",
    "sectors.listening.demo.load",
    "sectors.cyber.demo.load",
]


class Command(BaseCommand):
    help = "Load the demo province (synthetic geometry, official unit codes and names). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        for dotted in DEMO_LOADERS:
            with transaction.atomic():
                import_string(dotted)(self.stdout)
