"""Time the search API's work (parse, every kind, rank, JSON) over the demo data plus generated lots; roll back."""

import json
import random
import statistics
import time
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from accounts.models import Role, User
from core import benchstats
from planning import bench_data
from search import registry
from search.text import SearchText

TARGET_P50_MS = 30.0
# What people type: places with and without accents, plans, coordinates in both orders and CRSs, alert numbers.
TYPED = [
    "nha trang", "Ninh Hoa", "cam lam", "Cam Ranh", "phường", "xa dien", "truong sa", "bac", "Diên Khánh",
    "quy hoach", "phan khu", "Benchmark", "12.2388, 109.1967", "109.1967 12.2388", "1353660.03 602805.66",
    "602805.66, 1353660.03", "#18", "7", "PA7K3M9Q2X",
]  # fmt: skip


class Command(BaseCommand):
    help = "Generate N zoning lots beside the demo data, time /api/v1/search queries (p50/p95), then roll back."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lots", type=int, default=100_000)
        parser.add_argument("--queries", type=int, default=300, help="At least 100.")

    def handle(self, *args: Any, **options: Any) -> None:
        count = max(100, options["queries"])
        with transaction.atomic():
            side = int(options["lots"] ** 0.5)
            seconds = bench_data.generate_lots(side)
            self.stdout.write(f"generated {side * side} lots in {seconds:.1f} s")
            rng = random.Random(11)  # noqa: S311 (reproducible benchmark queries)
            queries = [self._query(rng, side) for _ in range(count)]
            operator = User(username="bench-operator", role=Role.OPERATOR)  # never saved: permissions by role
            for who, viewer in (("anonymous", AnonymousUser()), ("operator", operator)):
                self._time(who, viewer, queries)
            transaction.set_rollback(True)

    def _query(self, rng: random.Random, side: int) -> str:
        """A typed text, or a lot code: exact ("12-345") or its beginning ("12-3")."""
        if rng.random() < 0.5:
            return rng.choice(TYPED)
        code = f"{rng.randrange(side)}-{rng.randrange(side)}"
        return code if rng.random() < 0.5 else code[: rng.randint(1, len(code))]

    def _time(self, who: str, viewer: Any, queries: list[str]) -> None:
        timings, found = [], 0
        for typed in queries:
            started = time.perf_counter()
            hits = registry.search(SearchText.parse(typed), viewer)
            json.dumps({"results": [hit.as_dict() for hit in hits]}, ensure_ascii=False)
            timings.append((time.perf_counter() - started) * 1000)
            found += bool(hits)
        p50 = statistics.median(timings)
        verdict = "ok" if p50 < TARGET_P50_MS else "SLOW"
        self.stdout.write(
            f"search ({who}): {benchstats.summary(timings)} over {len(queries)} queries, "
            f"{found} with results (target p50 < {TARGET_P50_MS:.0f} ms: {verdict})"
        )
