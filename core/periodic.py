"""Periodic tasks, run by the tasks worker: a registry of name -> dotted path of a PeriodicTask.

The tasks worker (`manage.py tasks_worker`, a long-running loop apart from the alerts worker, so that a slow feed
or a long backup never delays a deadline) calls run_due; cron users run `manage.py periodic_tasks`. Several
workers may run side by side: a task runs at most once per its interval across all of them, because its turn is
taken with an atomic cache add (Redis in production). Every task is idempotent and reads what is due from the
database itself, so a lost turn (Redis restarted) only means an early, harmless run.
"""

import datetime
import logging
from dataclasses import dataclass

from django.core.cache import cache

from core import registry

logger = logging.getLogger(__name__)

# Name -> dotted path of a PeriodicTask subclass; a new periodic job is a new entry here.
PERIODIC_TASKS: dict[str, str] = {
    "alerts.cap_feeds": "alerts.tasks.PollCapFeeds",
    "datahub.pulls": "datahub.tasks.PullFeeds",
    "datahub.freshness": "datahub.tasks.CheckFreshness",
    "indicators.deadlines": "indicators.tasks.CheckDeadlines",
    "reports.scheduled": "reports.tasks.ScheduledReports",
    "backups.scheduled": "backups.tasks.ScheduledBackup",
    "audit.purge": "audit.tasks.PurgeOld",
    "imports.jobs": "imports.tasks.RunImportJobs",
    "ogc_api.jobs": "ogc_api.tasks.RunProcessJobs",
    "listening.feeds": "sectors.listening.tasks.PollFeeds",
    "listening.spikes": "sectors.listening.tasks.CheckSpikes",
    "iot.daily": "iot.tasks.DailyFigures",
    "fire.safety": "sectors.fire.tasks.CheckFireSafety",
}


class PeriodicTask:
    """One periodic job; subclasses say how often it looks and what it does."""

    every = datetime.timedelta(minutes=5)

    def run(self, now: datetime.datetime) -> str:
        """Do what is due now; return a one-line summary for the log."""
        raise NotImplementedError


@dataclass
class TaskRun:
    name: str
    summary: str


def get_task(name: str) -> PeriodicTask:
    """Return the task registered under a name."""
    return registry.load_class(PERIODIC_TASKS, name, PeriodicTask, "periodic task")()


def run_due(now: datetime.datetime, *, force: bool = False) -> list[TaskRun]:
    """Run every task whose interval has passed since any worker last ran it (all of them when force)."""
    runs = []
    for name in PERIODIC_TASKS:
        task = get_task(name)
        if not force and not cache.add(f"periodic-task:{name}", now.isoformat(), timeout=task.every.total_seconds()):
            continue
        summary = task.run(now)
        runs.append(TaskRun(name, summary))
        if summary:
            logger.info("periodic task %s: %s", name, summary)
    return runs
