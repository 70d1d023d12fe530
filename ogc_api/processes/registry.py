"""The processes OGC API Processes offers: a registry name -> dotted path of a Process subclass.

Every process runs synchronously (jobControlOptions sync-execute); those that may run long also run as jobs of the
tasks worker (async-execute, jobs.py). Each returns one JSON output, "result". A process
declares its inputs as OGC input descriptions (JSON Schema each) and checks them itself in execute(), raising
InvalidInput that names the input, so a bad request is a 400 that says what to fix and nothing runs. An asynchronous
process runs the same checks in check() before its job is queued, so a bad request is that 400 in both ways.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.errors import InvalidInput, NotFound
from core.json_body import read_json_object
from core.registry import load_class
from layers.access import Viewer

PROCESSES: dict[str, str] = {
    "planning-lookup": "ogc_api.processes.planning_lookup.PlanningLookup",
    "hazard-exposure": "ogc_api.processes.hazard_exposure.HazardExposure",
}
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/ogc-process-description",
    "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/json",
    "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/job-list",
    "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/dismiss",
]
MAX_BODY_BYTES = 2_000_000
RESPONSES = ["raw", "document"]


class Process:
    """A process: its description (title, inputs, outputs) and execute(), run in the request or by the worker."""

    id = ""
    version = "1.0.0"
    asynchronous = False  # True: Prefer: respond-async queues a job for the tasks worker instead of running at once

    def title(self) -> str:
        raise NotImplementedError

    def description(self) -> str:
        raise NotImplementedError

    def keywords(self) -> list[str]:
        return []

    def inputs(self) -> dict[str, Any]:
        """OGC input descriptions: {name: {"title", "description", "schema", "minOccurs", "maxOccurs"}}."""
        raise NotImplementedError

    def output_description(self) -> str:
        raise NotImplementedError

    def check(self, inputs: dict[str, Any], user: Viewer) -> None:
        """Raise InvalidInput naming a bad input, as execute() would, without computing (asynchronous processes)."""
        raise NotImplementedError

    def execute(self, inputs: dict[str, Any], user: Viewer) -> dict[str, Any]:
        """Run with checked-by-name inputs and return the result; raise InvalidInput naming a bad input."""
        raise NotImplementedError

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title(),
            "description": self.description(),
            "keywords": self.keywords(),
            "version": self.version,
            "jobControlOptions": ["sync-execute", "async-execute"] if self.asynchronous else ["sync-execute"],
            "outputTransmission": ["value"],
        }

    def describe(self) -> dict[str, Any]:
        output = {"title": _("Result"), "description": self.output_description(),
                  "schema": {"type": "object", "contentMediaType": "application/json"}}  # fmt: skip
        return {**self.summary(), "inputs": self.inputs(), "outputs": {"result": output}}


def get_process(name: str) -> Process:
    """Return the registered process called name, or raise NotFound listing the others."""
    if name not in PROCESSES:
        raise NotFound(
            _("There is no process %(name)r; the processes are: %(names)s.")
            % {"name": name[:60], "names": ", ".join(PROCESSES)},
            type="http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/no-such-process",
        )
    return load_class(PROCESSES, name, Process, "process")()


def all_processes() -> list[Process]:
    return [get_process(name) for name in PROCESSES]


def execution_request(request: HttpRequest, process: Process) -> tuple[dict[str, Any], str]:
    """Read an execute request body: its inputs (only the process's own names) and the response kind."""
    if len(request.body) > MAX_BODY_BYTES:
        raise InvalidInput(_("The request is larger than %(n)s bytes.") % {"n": MAX_BODY_BYTES})
    if request.content_type != "application/json":
        raise InvalidInput(_("Send the execute request as JSON (Content-Type: application/json)."))
    body = read_json_object(request, max_bytes=MAX_BODY_BYTES)
    inputs = body.get("inputs", {})
    if not isinstance(inputs, dict):
        raise InvalidInput(_('"inputs" must be an object of input names and values.'), parameter="inputs")
    unknown = sorted(set(inputs) - set(process.inputs()))
    if unknown:
        raise InvalidInput(
            _("Process %(id)s has no input %(names)s; its inputs are: %(known)s.")
            % {
                "id": process.id,
                "names": ", ".join(repr(n[:40]) for n in unknown),
                "known": ", ".join(process.inputs()),
            },
            parameter="inputs",
        )
    response = body.get("response", "raw")
    if response not in RESPONSES:
        raise InvalidInput(_('"response" must be "raw" or "document".'), parameter="response")
    return inputs, str(response)
