"""The kinds of import job: a registry of name -> dotted path of a JobKind, each app running its own imports."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from core import registry

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

    from imports.models import ImportJob

# Filled by the apps whose imports run as jobs, from their AppConfig.ready ("layer" by layers, "plan_check" and
# "plan_apply" by planning): imports sits below them and never names them.
JOB_KINDS: dict[str, str] = {}


@dataclass
class JobResult:
    """What a finished job reports: lines of text, and the page to go on to with its link's text."""

    lines: list[str] = field(default_factory=list)
    url: str = ""
    link: str = ""


class JobKind:
    """One kind of import job; run() does the import of the job's file and raises an IOCError on a refusal."""

    title: "StrOrPromise" = ""  # what the job page calls it, through gettext_lazy

    def run(self, job: "ImportJob", path: Path | None) -> JobResult:
        """Import the job's file (path; None for jobs without one) and say what was done."""
        raise NotImplementedError


def get_kind(name: str) -> JobKind:
    """Return the job kind registered under a name."""
    return registry.load_class(JOB_KINDS, name, JobKind, "import job kind")()
