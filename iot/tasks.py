"""iot's periodic task run by the tasks worker (core.periodic): the day-based figures of stations and meters."""

import datetime

from core.periodic import PeriodicTask
from iot import air_daily, meters


class DailyFigures(PeriodicTask):
    """The daily VN_AQI of ended days, the meters' consumption per day and the leak rule."""

    every = datetime.timedelta(minutes=15)

    def run(self, now: datetime.datetime) -> str:
        days = air_daily.compute_due(now)
        meter_days = meters.compute_due(now)
        return f"daily AQI rows {len(days)}, meter days {len(meter_days)}" if days or meter_days else ""
