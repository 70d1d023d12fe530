"""The tasks worker's turn for process jobs: run every accepted job, and fail those whose worker died."""

import datetime

from core.periodic import PeriodicTask
from ogc_api.processes import jobs


class RunProcessJobs(PeriodicTask):
    """Run the accepted OGC API process jobs at every look of the worker."""

    every = datetime.timedelta(seconds=1)

    def run(self, now: datetime.datetime) -> str:
        stalled = jobs.fail_stalled(now)
        ran = jobs.run_queued()
        return f"{ran} process job(s) run, {stalled} stalled" if ran or stalled else ""
