"""Register the layers served from the platform's own tables (admin units); running it twice changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand

from layers.builtin import register_builtin_layers


class Command(BaseCommand):
    help = "Create the built-in layers that are missing and install their data-version triggers. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        register_builtin_layers(self.stdout)
