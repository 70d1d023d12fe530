"""The tile benchmark's steps (bench/tiles.sh runs them around the servers): setup, measure, report, teardown."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tiles import benchmark


class Command(BaseCommand):
    help = "Tile benchmark: setup a 100,000-polygon layer and its tile mix, measure a server, report, teardown."

    def add_arguments(self, parser: CommandParser) -> None:
        steps = parser.add_subparsers(dest="step", required=True)
        setup = steps.add_parser("setup", help="Create the layer and write the tile mix (JSON) to --tiles.")
        setup.add_argument("--polygons", type=int, default=100_000)
        setup.add_argument("--count", type=int, default=100)
        setup.add_argument("--tiles", type=Path, required=True)
        measure = steps.add_parser(
            "measure", help="Request the mix from servers taking turns; append the results to --results."
        )
        measure.add_argument(
            "--server", nargs=3, action="append", metavar=("LABEL", "URL", "ROUNDS"), required=True,
            help="A label, a URL template with {z}, {x} and {y}, and rounds of the mix per turn; repeat the option "
            "for each server.",
        )  # fmt: skip
        measure.add_argument("--tiles", type=Path, required=True)
        measure.add_argument("--results", type=Path, help="Omit to warm the servers up without recording.")
        measure.add_argument("--turns", type=int, default=3)
        measure.add_argument("--concurrency", type=int, default=8)
        report = steps.add_parser("report", help="Print every run and the ratios against tipg.")
        report.add_argument("--results", type=Path, required=True)
        steps.add_parser("teardown", help="Drop the benchmark layer and its schema.")

    def handle(self, *args: Any, **options: Any) -> None:
        step = options["step"]
        if step == "setup":
            layer = benchmark.create_layer(options["polygons"])
            if layer.extent is None:
                raise CommandError("The benchmark table has no extent; was it written?")
            tiles = benchmark.tile_mix(layer.extent, options["count"])
            options["tiles"].write_text(json.dumps(tiles), encoding="utf-8")
            zooms = {z: sum(1 for tile in tiles if tile[0] == z) for z in benchmark.ZOOMS}
            self.stdout.write(
                f"{layer.feature_count} polygons in {benchmark.SCHEMA}.{benchmark.TABLE} (layer {layer.slug}); "
                f"{len(tiles)} tiles by zoom: {zooms}"
            )
        elif step == "measure":
            tiles = [tuple(tile) for tile in json.loads(options["tiles"].read_text(encoding="utf-8"))]
            servers = [benchmark.Server(label, url, int(rounds)) for label, url, rounds in options["server"]]
            urls = {server.label: server.url for server in servers}
            for result in benchmark.measure(servers, tiles, options["turns"], options["concurrency"]):
                if result.errors == result.requests:
                    raise CommandError(f"{result.label}: every request failed ({urls[result.label]}).")
                if options["results"] is not None:
                    benchmark.save(result, options["results"])
        elif step == "report":
            for line in benchmark.report(options["results"]):
                self.stdout.write(line)
        else:
            benchmark.drop_layer()
            self.stdout.write(f"Dropped the layer {benchmark.SLUG} and the schema {benchmark.SCHEMA}.")
