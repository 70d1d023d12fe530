"""The outbreak detection benchmark: every commune x 10 diseases x 5 years of weekly counts, generated in SQL.

Figures: the channel of one week for all communes and diseases (one set-based query with percentile_cont), the
same for a whole year of weeks (the charts' series), the full weekly run (channel and alerts), and the channel
computed the naive way (counts fetched, quantiles in Python loops) as the reference. Everything is rolled back.
"""

import datetime
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from django.db import connection, transaction

from gis_core.models import AdminUnit
from sectors.health import channel, diseases, outbreaks
from sectors.health.models import CaseCount, week_of

GENERATE = """
SELECT setseed(0.42);
INSERT INTO health_casecount (disease, unit_id, week_start, cases, deaths, source_row, source_ref, created_at,
                              updated_at)
SELECT d.code, u.id, w.week::date,
       greatest(0, round(d.base * (1 + 0.8 * sin(2 * pi() * extract(week FROM w.week) / 52))
                         + (random() - 0.5) * 2 * d.base))::int,
       0, NULL, 'bench', now(), now()
FROM unnest(%(codes)s::text[], %(bases)s::float[]) AS d(code, base)
CROSS JOIN gis_core_adminunit AS u
CROSS JOIN generate_series(%(first)s::date, %(last)s::date, interval '7 days') AS w(week)
"""


class Rollback(Exception):
    pass


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def naive_channel(week: datetime.date) -> int:
    """The reference: the baseline counts fetched row by row, medians and quartiles in Python loops."""
    iso = week.isocalendar()
    windows = [datetime.date.fromisocalendar(iso.year - k, min(iso.week, 52), 1) + datetime.timedelta(weeks=d)
               for k in range(1, channel.BASELINE_YEARS + 1) for d in range(-2, 3)]  # fmt: skip
    counts: dict[tuple[str, int], list[int]] = {}
    for code, unit_id, cases in CaseCount.objects.filter(week_start__in=windows).values_list(
        "disease", "unit_id", "cases"
    ):
        counts.setdefault((code, unit_id), []).append(cases)
    above = 0
    for disease in diseases.DISEASES:
        for unit_id in AdminUnit.objects.values_list("pk", flat=True):
            values = counts.get((disease.code, unit_id), [])
            values += [0] * (len(windows) - len(values))
            upper = float(np.percentile(values, 75))
            current = CaseCount.objects.filter(disease=disease.code, unit_id=unit_id, week_start=week).first()
            above += bool(current and current.cases > upper)
    return above


def run(write: Callable[[str], None]) -> None:
    units = AdminUnit.objects.count()
    if not units:
        raise ValueError("No administrative unit: load the demo first (manage.py load_demo).")
    week = week_of(datetime.date.today()) - datetime.timedelta(weeks=1)
    first = datetime.date.fromisocalendar(week.isocalendar().year - channel.BASELINE_YEARS, 1, 1)
    bases = [float(index % 4 * 3 + 1) for index, _disease in enumerate(diseases.DISEASES)]
    try:
        with transaction.atomic():
            CaseCount.objects.all().delete()
            generated, _ = _timed(lambda: _generate(first, week, bases))
            rows = CaseCount.objects.count()
            write(f"data: {units} communes x {len(diseases.DISEASES)} diseases x weeks {first} … {week}: "
                  f"{rows:,} weekly counts generated in {generated:.2f} s")  # fmt: skip
            # Spikes in a tenth of the communes, so the run raises alerts.
            CaseCount.objects.filter(week_start=week, unit_id__in=AdminUnit.objects.values("pk")[: max(1, units // 10)]
                                     ).update(cases=200)  # fmt: skip
            one, found = _timed(lambda: channel.compute([week]))
            year = [week - datetime.timedelta(weeks=back) for back in range(51, -1, -1)]
            whole_year, year_rows = _timed(lambda: channel.compute(year))
            naive, naive_above = _timed(lambda: naive_channel(week))
            sql_above = sum(1 for row in found if row.upper_quartile is not None and row.cases > row.upper_quartile)
            full, detection = _timed(lambda: outbreaks.detect(week))
            write(f"channel of one week, {len(found):,} disease-commune pairs (one SQL query): {one:.3f} s; "
                  f"naive Python loops: {naive:.3f} s; ratio {naive / one:.1f}x "
                  f"(above the channel: SQL {sql_above}, Python {naive_above})")  # fmt: skip
            write(f"channel of 52 weeks, {len(year_rows):,} rows (one SQL query): {whole_year:.3f} s; "
                  f"ratio to 52 naive runs {52 * naive / whole_year:.1f}x")  # fmt: skip
            write(f"weekly detection run (channel + {len(detection.raised)} alerts raised): {full:.3f} s")
            raise Rollback
    except Rollback:
        pass


def _generate(first: datetime.date, last: datetime.date, bases: list[float]) -> None:
    codes = [disease.code for disease in diseases.DISEASES]
    with connection.cursor() as cursor:
        cursor.execute(GENERATE, {"codes": codes, "bases": bases, "first": first, "last": last})
