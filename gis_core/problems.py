"""What is wrong with an imported file: one Problem per thing, and the ImportFailed that lists them."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.errors import ImportFailed

MAX_REPORTED_ERRORS = 50


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file; row is the 1-based feature number (None for the whole file)."""

    file: str
    message: str
    row: int | None = None

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.file}: {self.message}"
        return _("%(file)s, feature %(row)d: %(message)s") % {
            "file": self.file,
            "row": self.row,
            "message": self.message,
        }


def fail(problems: Sequence[Problem], count: int | None = None) -> ImportFailed:
    """Return the ImportFailed that lists the problems (up to MAX_REPORTED_ERRORS), file-wide ones first.

    count: how many problems there were, when only the first of them were kept (a ProblemList).
    """
    total = len(problems) if count is None else count
    problems = sorted(problems, key=lambda problem: problem.row or 0)
    shown = [str(problem) for problem in problems[:MAX_REPORTED_ERRORS]]
    lines = [_("Nothing was imported; %(count)d problem(s):") % {"count": total}, *shown]
    if total > MAX_REPORTED_ERRORS:
        lines.append(_("… and %(count)d more.") % {"count": total - MAX_REPORTED_ERRORS})
    details = [{"file": p.file, "row": p.row, "message": p.message} for p in problems[:MAX_REPORTED_ERRORS]]
    return ImportFailed("\n".join(lines), errors=details, error_count=total)


class ProblemList:
    """The problems of a file read in batches: every one counted, only those a report can show kept.

    A file with a bad value in each of a million features would otherwise hold a million messages.
    """

    def __init__(self) -> None:
        self.kept: list[Problem] = []
        self.count = 0

    def __bool__(self) -> bool:
        return self.count > 0

    def __len__(self) -> int:
        return self.count

    def append(self, problem: Problem) -> None:
        self.extend([problem])

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.kept.append(problem)
            self.count += 1
        if len(self.kept) > 4 * MAX_REPORTED_ERRORS:
            # The report shows the file-wide problems, then the lowest feature numbers: keep just those.
            self.kept = sorted(self.kept, key=lambda problem: problem.row or 0)[:MAX_REPORTED_ERRORS]

    def failure(self) -> ImportFailed:
        return fail(self.kept, self.count)
