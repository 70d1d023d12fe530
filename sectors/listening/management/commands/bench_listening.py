"""manage.py bench_listening: mentions stored per second against a busy week, and the spike rule; data removed after."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sectors.listening import benchmark


class Command(BaseCommand):
    help = "Time the listening intake (de-duplication and analysis) and the spike rule over generated mentions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--existing", type=int, default=20000)
        parser.add_argument("--new", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        benchmark.run(self.stdout.write, existing=options["existing"], new=options["new"])
