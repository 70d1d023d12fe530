"""Run the import job an upload's answer points to, as the tasks worker would, for the tests of the upload pages."""

from typing import Any

from django.http import HttpResponseRedirect
from django.test import Client
from django.urls import resolve

from imports import jobs
from imports.models import ImportJob


def through_worker(client: Client, response: Any, **extra: Any) -> Any:
    """Return the answer after the job: a redirect to the page the finished job links, or its page when it failed.

    An answer that queued no job (a form error, a refusal) is returned as it is.
    """
    if response.status_code != 302:
        return response
    match = resolve(response["Location"])
    if match.view_name != "imports:job":
        return response
    jobs.run_queued()
    job = ImportJob.objects.get(pk=match.kwargs["job_id"])
    if job.state == ImportJob.State.DONE:
        return HttpResponseRedirect(job.report["url"])
    return client.get(response["Location"], **extra)


def refused(response: Any) -> bool:
    """Whether the answer refused the upload: the form again (400), or the job's page saying nothing was imported."""
    return response.status_code == 400 or (response.status_code == 200 and "data-problems" in response.content.decode())
