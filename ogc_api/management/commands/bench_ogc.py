"""Items per second of our OGC API Features against tipg on a generated 100,000-polygon table."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ogc_api import benchmark, features
from ogc_api.benchmark import Server, Timing

GOAL_RATIO = 1.0  # ours/tipg items per second, on every page compared
# A deep page must cost what the first does; the two medians differ by noise alone within 10 %.
GOAL_DEEP = 1.10


class Command(BaseCommand):
    help = "Serve a generated polygon table with gunicorn and with tipg; compare GeoJSON pages 1 and 50."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--features", type=int, default=100_000)
        parser.add_argument("--limit", type=int, default=1000, help="Features per page.")
        parser.add_argument("--pages", type=int, default=50, help="The deep page reached by next links.")
        parser.add_argument("--rounds", type=int, default=7, help="Timed fetches of each page kind per server.")
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
            bbox = benchmark.covering_bbox(options["features"])
            # Both servers run at once and take turns request by request (each idles while the other answers).
            with benchmark.our_server(ours.port, workers), benchmark.tipg_server(tipg.port, workers):
                mine, theirs = benchmark.measure([ours, tipg], limit, pages, rounds, bbox)
        finally:
            benchmark.drop()
        self._report(mine, theirs, workers, rounds, options["features"])

    def _report(self, mine: Timing, theirs: Timing, workers: int, rounds: int, count: int) -> None:
        self.stdout.write(
            f"GeoJSON pages of {mine.limit} features, {workers} workers each, both servers up at once and taking "
            f"turns request by request, median of {rounds} fetches per page kind:"
        )
        for timing in (mine, theirs):
            self.stdout.write(
                f"  {timing.name}: page 1 {timing.page1_rate:,.0f} items/s ({timing.page1_s * 1000:.0f} ms), "
                f"page {timing.pages} {timing.page50_rate:,.0f} items/s ({timing.page50_s * 1000:.0f} ms), "
                f"page 1 with a bbox over all {timing.counted_rate:,.0f} items/s ({timing.counted_s * 1000:.0f} ms), "
                f"walk 1..{timing.pages} by next links {timing.walk_rate:,.0f} items/s; "
                f"page {timing.pages}/page 1 time {timing.page50_s / timing.page1_s:.2f}"
            )
        both_count = mine.counts.get("counted") and theirs.counts.get("counted")
        ratio_1 = mine.page1_rate / theirs.page1_rate
        ratio_50 = mine.page50_rate / theirs.page50_rate
        ratio_counted = mine.counted_rate / theirs.counted_rate
        unequal = "ours reads numberMatched from the layer's cached summary, tipg counts the matches on every page"
        self.stdout.write(
            f"ours/tipg items/s, page 1: {ratio_1:.2f} (workload: the same {mine.limit} features as GeoJSON; {unequal})"
        )
        self.stdout.write(
            f"ours/tipg items/s, page {mine.pages}: {ratio_50:.2f} (workload: the same page reached by each server's "
            f"next links; ours continues from a key cursor and carries the count, tipg uses an offset and counts)"
        )
        counted_note = (
            "both count the matches of the bbox on this request"
            if both_count
            else f"NOT both counting (numberMatched: ours {mine.counts.get('counted')}, tipg "
            f"{theirs.counts.get('counted')}; ours counts a filter only up to {features.COUNT_ROWS:,} features)"
        )
        self.stdout.write(
            f"ours/tipg items/s, page 1 with a bbox over all {count:,} features: {ratio_counted:.2f} "
            f"(workload: the same {mine.limit} features; {counted_note})"
        )
        self.stdout.write(
            f"ours/tipg items/s, walk 1..{mine.pages}: {mine.walk_rate / theirs.walk_rate:.2f} (workload: "
            f"{mine.pages} pages by next links, one pass each; tipg counts on every page, ours reads the summary "
            "once and carries it)"
        )
        compared = [ratio_1, ratio_50, ratio_counted]
        verdict = "ok" if min(compared) >= GOAL_RATIO else "SLOW"
        self.stdout.write(f"goal: every ours/tipg items/s ratio above >= {GOAL_RATIO:g}: {verdict}")
        deep = mine.page50_s / mine.page1_s
        verdict = "ok" if deep <= GOAL_DEEP else "SLOW"
        self.stdout.write(
            f"ours page {mine.pages}/page 1 time: {deep:.2f} (goal <= {GOAL_DEEP:.2f}, i.e. 1 within 10 % noise of "
            f"two medians: {verdict})"
        )
