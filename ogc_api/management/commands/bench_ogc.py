"""Items per second of our OGC API Features against tipg on a generated 100,000-polygon table."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ogc_api import benchmark
from ogc_api.benchmark import Server, Timing


class Command(BaseCommand):
    help = "Serve a generated polygon table with gunicorn and with tipg; compare GeoJSON pages 1 and 50."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--features", type=int, default=100_000)
        parser.add_argument("--limit", type=int, default=1000, help="Features per page.")
        parser.add_argument("--pages", type=int, default=50, help="The deep page reached by next links.")
        parser.add_argument("--rounds", type=int, default=7, help="Timed fetches of page 1 and the deep page each.")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--port", type=int, default=8102, help="Our gunicorn's port.")
        parser.add_argument("--tipg-port", type=int, default=8112)

    def handle(self, *args: Any, **options: Any) -> None:
        limit, pages, rounds, workers = options["limit"], options["pages"], options["rounds"], options["workers"]
        if options["features"] < limit * pages:
            self.stderr.write(f"--features must be at least --limit x --pages ({limit * pages}).")
            return
        benchmark.create_table(options["features"])
        try:
            benchmark.register_layer()
            self.stdout.write(f"table {benchmark.SCHEMA}.{benchmark.TABLE}: {options['features']} polygons")
            ours = Server("ours", options["port"], f"/ogc/collections/{benchmark.SLUG}/items?limit={limit}")
            tipg = Server("tipg", options["tipg_port"], f"/collections/{benchmark.SCHEMA}.{benchmark.TABLE}/items"
                                                          f"?limit={limit}")  # fmt: skip
            with benchmark.our_server(ours.port, workers):
                mine = benchmark.measure(ours, limit, pages, rounds)
            with benchmark.tipg_server(tipg.port, workers):
                theirs = benchmark.measure(tipg, limit, pages, rounds)
        finally:
            benchmark.drop()
        self._report(mine, theirs, workers)

    def _report(self, mine: Timing, theirs: Timing, workers: int) -> None:
        self.stdout.write(f"GeoJSON pages of {mine.limit} features, {workers} workers each, median of timed fetches:")
        for timing in (mine, theirs):
            self.stdout.write(
                f"  {timing.name}: page 1 {timing.page1_rate:,.0f} items/s ({timing.page1_s * 1000:.0f} ms), "
                f"page {timing.pages} {timing.page50_rate:,.0f} items/s ({timing.page50_s * 1000:.0f} ms), "
                f"walk 1..{timing.pages} by next links {timing.walk_rate:,.0f} items/s; "
                f"page {timing.pages}/page 1 time {timing.page50_s / timing.page1_s:.2f}"
            )
        ratio_1 = mine.page1_rate / theirs.page1_rate
        ratio_50 = mine.page50_rate / theirs.page50_rate
        deep = mine.page50_s / mine.page1_s
        verdict = "ok" if min(ratio_1, ratio_50) >= 1 else "SLOW"
        self.stdout.write(
            f"ours/tipg items/s: page 1 {ratio_1:.2f}, page {mine.pages} {ratio_50:.2f}, "
            f"walk {mine.walk_rate / theirs.walk_rate:.2f} (goal >= 1: {verdict})"
        )
        # Within 10 %: the two medians differ by noise alone when the deep page costs what the first does.
        verdict = "ok" if deep <= 1.1 else "SLOW"
        self.stdout.write(f"ours page {mine.pages}/page 1 time: {deep:.2f} (goal <= 1: {verdict})")
