"""The validation report of a table before anything is stored: the mapping, wrong types, catalogue checks, duplicates.

Every problem names the row as found in the source ("line 5", "page 2, table row 4"), the column and what to fix.
A report with any problem stores nothing.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from datahub.models import Dataset
from datahub.readers import RowProblem, SourceRow, SourceTable
from datahub.targets import CleanRow, Field, Target, target_for
from datahub.values import fold, is_empty, parse_integer, parse_number

PREVIEW_ROWS = 20


@dataclass
class Report:
    """What the rows would become: the mapping used, the clean rows and every problem."""

    columns: list[str]
    mapping: dict[str, str]
    rows_total: int
    clean: list[CleanRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    preview: list[SourceRow] = field(default_factory=list)
    keep_content: bool = True  # False: the table carries what must not be kept (e.g. personal data), even refused

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem_dicts(self) -> list[dict[str, Any]]:
        return [problem.as_dict() for problem in self.problems]

    def message(self, limit: int = 20) -> str:
        """The problems as lines of text (the first limit of them)."""
        lines = [f"{problem.ref}: {problem.message}" for problem in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(_("… and %(n)d more problems.") % {"n": len(self.problems) - limit})
        return "\n".join(lines)


def guess_mapping(dataset: Dataset, columns: list[str], fields: tuple[Field, ...]) -> dict[str, str]:
    """Column -> field: the dataset's mapping, then columns named like a field or one of its aliases."""
    names = [f.name for f in fields]
    mapping = {column: name for column, name in dataset.column_map.items() if column in columns and name in names}
    taken = set(mapping.values())
    for column in columns:
        if column in mapping:
            continue
        folded = fold(column)
        for candidate in fields:
            if candidate.name not in taken and folded in {fold(candidate.name), *candidate.aliases}:
                mapping[column] = candidate.name
                taken.add(candidate.name)
                break
    return mapping


def validate(dataset: Dataset, table: SourceTable, mapping: dict[str, str] | None = None) -> Report:
    """Check every row of the table for the dataset; nothing is written."""
    target = target_for(dataset)
    mapping = guess_mapping(dataset, table.columns, target.fields) if mapping is None else dict(mapping)
    report = Report(table.columns, mapping, len(table.rows), preview=table.rows[:PREVIEW_ROWS])
    refusals = target.check_columns(table.columns)
    report.problems += [RowProblem(_("file"), message) for message in refusals]
    report.keep_content = not refusals
    report.problems += _mapping_problems(table.columns, mapping, target.fields)
    if len(table.rows) > settings.DATAHUB_MAX_ROWS:
        report.problems.append(
            RowProblem(_("file"), _("%(rows)d rows; at most %(max)d per delivery: split the data.")
                       % {"rows": len(table.rows), "max": settings.DATAHUB_MAX_ROWS})
        )  # fmt: skip
    if report.problems:
        return report  # rows cannot be read without a sound mapping
    report.problems += table.problems
    broken = {problem.row for problem in table.problems}
    seen: dict[tuple[Any, ...], SourceRow] = {}
    for row in table.rows:
        if row.number in broken:
            continue
        values, problems = _convert(row, mapping, target)
        if not problems:
            values, checked = target.check_row(values)
            problems += [(name, message) for name, message in checked]
        if problems:
            report.problems += [_problem(row, mapping, name, message) for name, message in problems]
            continue
        key = target.key(values)
        if key in seen:
            message = _("duplicate of %(ref)s (%(key)s); keep one of them.") % {
                "ref": seen[key].ref, "key": target.describe_key(values)
            }  # fmt: skip
            report.problems.append(RowProblem(row.ref, message, row.number))
            continue
        seen[key] = row
        report.clean.append(CleanRow(row, values, key))
    return report


def _mapping_problems(columns: list[str], mapping: dict[str, str], fields: tuple[Field, ...]) -> list[RowProblem]:
    problems = []
    names = {f.name for f in fields}
    where = _("column mapping")
    for column, name in mapping.items():
        if column not in columns:
            problems.append(RowProblem(where, _("the table has no column '%(column)s'.") % {"column": column}))
        if name not in names:
            problems.append(RowProblem(where, _("'%(field)s' is not a field of this dataset.") % {"field": name}))
    targets = list(mapping.values())
    for name in sorted({name for name in targets if targets.count(name) > 1}):
        problems.append(RowProblem(where, _("two columns are mapped to '%(field)s'; map one.") % {"field": name}))
    for required in (f for f in fields if f.required and f.name not in targets):
        problems.append(
            RowProblem(where, _("no column is mapped to '%(field)s' (%(label)s); the table's columns are: %(columns)s.")
                       % {"field": required.name, "label": required.label, "columns": ", ".join(columns)})
        )  # fmt: skip
    return problems


def _convert(row: SourceRow, mapping: dict[str, str], target: Target) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    by_field = {name: column for column, name in mapping.items()}
    for spec in target.fields:
        raw = row.values.get(by_field[spec.name]) if spec.name in by_field else None
        if is_empty(raw):
            values[spec.name] = None
            if spec.required:
                problems.append((spec.name, _("%(field)s is empty.") % {"field": spec.label}))
            continue
        try:
            if spec.kind == "number":
                values[spec.name] = parse_number(raw, spec.plausible)
            elif spec.kind == "integer":
                values[spec.name] = parse_integer(raw)
            else:
                values[spec.name] = " ".join(str(raw).split())
        except ValueError as exc:
            problems.append(
                (spec.name, _("wrong type for %(field)s: %(reason)s.") % {"field": spec.label, "reason": exc})
            )
    return values, problems


def _problem(row: SourceRow, mapping: dict[str, str], name: str, message: str) -> RowProblem:
    column = next((column for column, mapped in mapping.items() if mapped == name), "")
    text = f"{column}: {message}" if column else message
    return RowProblem(row.ref, text, row.number, column)
