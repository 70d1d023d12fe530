"""Update the land-use code catalogue in the database from fixtures/landuse_codes.json."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.errors import ImportFailed
from planning.catalogue import sync_catalogue
from planning.models import LandUseCode


class Command(BaseCommand):
    help = "Create or update land-use codes from fixtures/landuse_codes.json; a bad file changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                created, updated = sync_catalogue(LandUseCode)
        except ImportFailed as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"Land-use codes: {created} created, {updated} updated.")
