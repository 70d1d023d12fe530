"""The tasks worker's turn for import jobs: run every queued job, and fail those whose worker died."""

import datetime

from core.periodic import PeriodicTask
from imports import jobs


class RunImportJobs(PeriodicTask):
    """Run the queued import jobs at every look of the worker."""

    every = datetime.timedelta(seconds=1)

    def run(self, now: datetime.datetime) -> str:
        stalled = jobs.fail_stalled(now)
        ran = jobs.run_queued()
        return f"{ran} import job(s) run, {stalled} stalled" if ran or stalled else ""
