"""Print the Coverages and EDR figures of issue 18 (see ogc_pygeoapi.benchmark)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ogc_pygeoapi import benchmark


class Command(BaseCommand):
    help = "Time a 512x512 coverage subset (ours vs stock pygeoapi) and a one-month EDR position query."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--readings", type=int, default=10_000_000, help="Readings generated for the EDR query.")
        parser.add_argument("--rounds", type=int, default=15)

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(benchmark.coverage_figure(options["rounds"]).line())
        self.stdout.write(benchmark.edr_figure(options["readings"], options["rounds"], self.stdout).line())
