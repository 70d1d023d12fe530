"""manage.py bench_outbreak: endemic-channel detection over every commune x 10 diseases x 5 years; rolled back."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sectors.health import benchmark


class Command(BaseCommand):
    help = "Time outbreak detection over generated weekly counts of every commune, 10 diseases and 5 years."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            benchmark.run(self.stdout.write)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
