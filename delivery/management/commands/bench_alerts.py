"""manage.py bench_alerts: time a flood rule against generated lots and the worker on due alerts; all rolled back.

It lives in delivery, the app above both halves: the rule's half is alert_rules', the worker's and sending's its own.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alert_rules.api import bench_rule
from delivery import benchmark


class Command(BaseCommand):
    help = "Time a flood-over-residential-lots rule on N lots and the worker on M due alerts, then roll back."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lots", type=int, default=100_000, help="Plan lots to generate (default 100000).")
        parser.add_argument("--due", type=int, default=10_000, help="Due alerts for the worker (default 10000).")
        parser.add_argument(
            "--send-limit", type=int, default=2_000, help="Messages sent to the fake servers (default 2000)."
        )

    def handle(self, *args: Any, lots: int, due: int, send_limit: int, **options: Any) -> None:
        if lots < 100 or due < 1 or send_limit < 1:
            raise CommandError("--lots must be at least 100, --due and --send-limit at least 1.")
        bench_rule(lots, self.stdout.write)
        benchmark.bench_worker(due, self.stdout.write, send_limit)
