"""The endemic channel of each disease and commune, computed in PostgreSQL in one set-based query.

Method (stated in docs): for a week W of ISO year Y, the baseline of a disease in a commune is its weekly counts in
the same ISO week and the two weeks either side (W-2 … W+2) of each of the previous BASELINE_YEARS years in which
the disease was reported at all in the province (surveillance was running): 5 values per year, a week with no row
counting as 0 cases. The channel is the median (percentile_cont 0.5) and upper quartile (percentile_cont 0.75) of
those values. A disease reported in fewer than MIN_HISTORY_YEARS earlier years has no channel (median and upper
quartile are NULL) and can raise nothing. ISO week 53 is compared with week 52 of earlier years.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection

from sectors.health import diseases

BASELINE_YEARS = 5
MIN_HISTORY_YEARS = 3
HALF_WINDOW = 2  # weeks either side of the same week

QUERY = """
WITH targets AS (
    SELECT t.week, extract(isoyear FROM t.week)::int AS y, least(extract(week FROM t.week)::int, 52) AS w
    FROM unnest(%(weeks)s::date[]) AS t(week)
),
reported_years AS (  -- each probe is one index look-up on (disease, week_start)
    SELECT d.disease, y.y FROM unnest(%(diseases)s::text[]) AS d(disease)
    CROSS JOIN generate_series(%(first_year)s, %(last_year)s) AS y(y)
    WHERE EXISTS (
        SELECT 1 FROM health_casecount AS c
        WHERE c.disease = d.disease AND c.week_start >= to_date(y.y::text || '-1-1', 'IYYY-IW-ID')
          AND c.week_start < to_date((y.y + 1)::text || '-1-1', 'IYYY-IW-ID')
    )
),
history AS (
    SELECT t.week, r.disease, count(*) AS years FROM targets AS t
    JOIN reported_years AS r ON r.y BETWEEN t.y - %(years)s AND t.y - 1
    GROUP BY t.week, r.disease
),
base_weeks AS (
    SELECT t.week, r.disease,
           to_date(r.y::text || '-' || t.w::text || '-1', 'IYYY-IW-ID') + 7 * d.offset_weeks AS base_week
    FROM targets AS t
    JOIN reported_years AS r ON r.y BETWEEN t.y - %(years)s AND t.y - 1
    CROSS JOIN generate_series(-%(half)s, %(half)s) AS d(offset_weeks)
),
units AS (
    SELECT u.id FROM gis_core_adminunit AS u WHERE %(unit)s::bigint IS NULL OR u.id = %(unit)s::bigint
),
channel AS (
    SELECT b.week, b.disease, u.id AS unit_id,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY coalesce(c.cases, 0)) AS median,
           percentile_cont(0.75) WITHIN GROUP (ORDER BY coalesce(c.cases, 0)) AS upper_quartile
    FROM base_weeks AS b CROSS JOIN units AS u
    LEFT JOIN health_casecount AS c
        ON c.disease = b.disease AND c.unit_id = u.id AND c.week_start = b.base_week
    GROUP BY b.week, b.disease, u.id
)
SELECT t.week, d.disease, u.id, coalesce(cur.cases, 0), coalesce(h.years, 0),
       CASE WHEN h.years >= %(min_years)s THEN ch.median END,
       CASE WHEN h.years >= %(min_years)s THEN ch.upper_quartile END
FROM targets AS t
CROSS JOIN unnest(%(diseases)s::text[]) AS d(disease)
CROSS JOIN units AS u
LEFT JOIN history AS h ON h.week = t.week AND h.disease = d.disease
LEFT JOIN channel AS ch ON ch.week = t.week AND ch.disease = d.disease AND ch.unit_id = u.id
LEFT JOIN health_casecount AS cur ON cur.disease = d.disease AND cur.unit_id = u.id AND cur.week_start = t.week
ORDER BY t.week, d.disease, u.id
"""


@dataclass(frozen=True)
class ChannelRow:
    week: datetime.date
    disease: str
    unit_id: int
    cases: int
    history_years: int
    median: float | None
    upper_quartile: float | None

    @property
    def has_history(self) -> bool:
        return self.upper_quartile is not None

    def above(self, min_cases: int) -> bool:
        """Above the channel: more cases than the upper quartile, and at least the disease's minimum."""
        return self.upper_quartile is not None and self.cases > self.upper_quartile and self.cases >= min_cases


def compute(
    weeks: list[datetime.date], disease_codes: list[str] | None = None, unit_id: int | None = None
) -> list[ChannelRow]:
    """The channel and the week's count of each disease in each commune (or one commune), for each week given."""
    codes = disease_codes or [disease.code for disease in diseases.DISEASES]
    earliest, latest = min(weeks), max(weeks)
    params: dict[str, Any] = {
        "weeks": weeks, "diseases": codes, "unit": unit_id, "years": BASELINE_YEARS, "half": HALF_WINDOW,
        "min_years": MIN_HISTORY_YEARS,
        "first_year": earliest.isocalendar().year - BASELINE_YEARS, "last_year": latest.isocalendar().year - 1,
    }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(QUERY, params)  # type: ignore[arg-type]  # psycopg2 adapts lists and dates
        return [ChannelRow(*row) for row in cursor.fetchall()]
