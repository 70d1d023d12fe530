"""Measure the home page on an emulated phone, served as in production: bytes transferred and first tile."""

import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal import phone_bench

# The goals of issue #12.
GOAL_KB = 200
GOAL_FIRST_TILE_S = 1.5


class Command(BaseCommand):
    help = (
        "Open the home page in Chromium as a phone would (150 ms, 1.6 Mbps, CPU 4x slower) against gunicorn with "
        "DEBUG off over this database (run load_demo first); print the bytes transferred and the first tile's time."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=3, help="Cold-cache page loads; the median is reported.")
        parser.add_argument(
            "--cpu-slowdown", type=int, default=4, help="CPU throttling factor (1: this machine's own speed)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["runs"] < 1:
            raise CommandError("--runs must be at least 1.")
        if not phone_bench.CHROMIUM.exists():
            raise CommandError(f"{phone_bench.CHROMIUM} is missing; install Debian's chromium (scripts/setup.sh test).")
        from playwright.sync_api import sync_playwright

        if options["cpu_slowdown"] < 1:
            raise CommandError("--cpu-slowdown must be at least 1.")
        profile = phone_bench.PhoneProfile(cpu_slowdown=options["cpu_slowdown"])
        with tempfile.TemporaryDirectory(prefix="bench-phone-") as folder:
            env = phone_bench.production_env(phone_bench.database_url(), Path(folder) / "static")
            phone_bench.collect_static(env)
            server = phone_bench.production_server(env, Path(folder) / "gunicorn.log")
            with server as base_url, sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(phone_bench.CHROMIUM), args=phone_bench.CHROMIUM_ARGS
                )
                try:
                    phone_bench.warm_up(browser, base_url, profile)
                    runs = [phone_bench.measure(browser, base_url, profile) for _ in range(options["runs"])]
                finally:
                    browser.close()
        runs.sort(key=lambda run: run.first_tile_ms)
        median = runs[len(runs) // 2]
        self.stdout.write(f"phone: {profile.describe()}; median of {len(runs)} cold-cache loads")
        self.stdout.write(median.report())
        self.stdout.write(
            f"goals: transferred < {GOAL_KB} KB ({'met' if median.transferred_kb < GOAL_KB else 'NOT met'}), "
            f"first tile < {GOAL_FIRST_TILE_S} s "
            f"({'met' if median.first_tile_ms < GOAL_FIRST_TILE_S * 1000 else 'NOT met'})"
        )
        if any(run.remote for run in runs):
            raise CommandError(f"the page asked for other hosts: {runs[0].remote}")
