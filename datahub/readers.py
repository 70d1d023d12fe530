"""Readers of the formats data arrives in (JSON, CSV, XLSX, PDF tables), each into one SourceTable of named columns.

READERS maps a format to the dotted path of a Reader subclass. Every row keeps where it stood in the source, as a
person would find it ("line 5", "row 7 of sheet Data", "page 2, table row 4", "item 3"): that is the lineage of the
values made from it and the address of every message about it. A file that cannot be read at all raises
ImportFailed saying why and how to fix it; rows that do not fit the table become row-level problems.
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from core.errors import ImportFailed
from core.json_body import CONTROL, MAX_DEPTH, nesting_depth
from core.registry import load_class

READERS: dict[str, str] = {
    "json": "datahub.readers.JsonReader",
    "csv": "datahub.readers.CsvReader",
    "xlsx": "datahub.readers.XlsxReader",
    "pdf": "datahub.readers.PdfReader",
}


@dataclass
class SourceRow:
    """One data row: its number among the data rows, where it is in the source, its cells by column."""

    number: int
    ref: str
    values: dict[str, Any]


@dataclass
class RowProblem:
    ref: str
    message: str
    row: int | None = None
    column: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "ref": self.ref, "column": self.column, "message": self.message}


@dataclass
class SourceTable:
    """The rows of one delivered file under its named columns, with the problems found reading them."""

    columns: list[str]
    rows: list[SourceRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    def add(self, ref: str, cells: list[Any]) -> None:
        """Append a row of cells in column order; extra non-empty cells are a problem of that row."""
        number = len(self.rows) + 1
        if len(cells) > len(self.columns) and any(_text(cell) for cell in cells[len(self.columns) :]):
            self.problems.append(
                RowProblem(ref, _("The row has %(cells)d cells but the header names %(columns)d columns.")
                           % {"cells": len(cells), "columns": len(self.columns)}, number)
            )  # fmt: skip
        padded = list(cells[: len(self.columns)]) + [""] * (len(self.columns) - len(cells))
        self.rows.append(SourceRow(number, ref, dict(zip(self.columns, padded, strict=True))))


class Reader:
    """Reads one format."""

    def read(self, content: bytes) -> SourceTable:
        raise NotImplementedError


def read_table(fmt: str, content: bytes) -> SourceTable:
    """Read content in the format; raise ImportFailed when it cannot be read or holds no row."""
    if fmt not in READERS:
        raise ImportFailed(
            _("Unknown format '%(format)s'; use one of: %(allowed)s.") % {"format": fmt, "allowed": ", ".join(READERS)}
        )
    table = load_class(READERS, fmt, Reader, "reader")().read(content)
    if not table.rows:
        raise ImportFailed(_("The %(format)s data holds a header but no data rows.") % {"format": fmt.upper()})
    refuse_control_characters(table)
    return table


def refuse_control_characters(table: SourceTable) -> None:
    """Raise ImportFailed naming the first header or cell holding a NUL or another control character."""
    # Such text cannot be stored (PostgreSQL refuses NUL) and is never meant as data; say where it is, not what.
    where = next((_("the header") for name in table.columns if CONTROL.search(name)), None)
    where = where or next(
        (f"{row.ref}, {column}" for row in table.rows for column, value in row.values.items()
         if isinstance(value, str) and CONTROL.search(value)),
        None,
    )  # fmt: skip
    if where is not None:
        raise ImportFailed(
            _("%(where)s contains a control character (such as NUL); remove it and send the data again.")
            % {"where": where}
        )


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def header_index(rows: list[tuple[int, list[Any]]]) -> int:
    """Where the header is: the first row with two or more filled cells (title lines above a table have one)."""
    for index, (_number, cells) in enumerate(rows):
        if sum(1 for cell in cells if _text(cell)) >= 2:
            return index
    return 0


def header_of(cells: list[Any], where: str) -> list[str]:
    """Column names from a header row; empty or repeated names are refused (a mapping could not tell them apart)."""
    names = [_text(cell) for cell in cells]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise ImportFailed(_("%(where)s: the header row is empty.") % {"where": where})
    blank = [str(index) for index, name in enumerate(names, start=1) if not name]
    if blank:
        raise ImportFailed(
            _("%(where)s: header column(s) %(columns)s have no name; name every column.")
            % {"where": where, "columns": ", ".join(blank)}
        )
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ImportFailed(
            _("%(where)s: the header repeats %(names)s; give each column its own name.")
            % {"where": where, "names": ", ".join(repeated)}
        )
    return names


class JsonReader(Reader):
    """A list of objects, or {"rows": [...]}: keys are columns."""

    def read(self, content: bytes) -> SourceTable:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFailed(_("The body is not UTF-8 text; send JSON encoded as UTF-8.")) from None
        if nesting_depth(text) > MAX_DEPTH:
            # Rows are flat objects; a deeper document is refused before the parser could recurse through it.
            raise ImportFailed(
                _("The JSON is nested more than %(n)s levels deep; send a list of flat rows.") % {"n": MAX_DEPTH}
            )
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFailed(
                _("The body is not valid JSON (line %(line)d, column %(column)d: %(reason)s).")
                % {"line": exc.lineno, "column": exc.colno, "reason": exc.msg}
            ) from None
        items = document.get("rows") if isinstance(document, dict) else document
        if not isinstance(items, list):
            raise ImportFailed(_('Send a list of rows, each an object, or {"rows": [...]}.'))
        columns: list[str] = []
        for item in items:
            for key in item if isinstance(item, dict) else {}:
                if key not in columns:
                    columns.append(str(key))
        table = SourceTable(columns)
        for index, item in enumerate(items, start=1):
            ref = _("item %(n)d") % {"n": index}
            if not isinstance(item, dict):
                table.rows.append(SourceRow(index, ref, {}))
                table.problems.append(RowProblem(ref, _("The row is not an object of field: value."), index))
                continue
            table.add(ref, [item.get(column, "") for column in columns])
        return table


class CsvReader(Reader):
    """UTF-8 text (with or without BOM), separated by commas, semicolons or tabs; the first line of two or more cells
    names the columns (title lines above it are skipped)."""

    def read(self, content: bytes) -> SourceTable:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFailed(
                _("The CSV file is not UTF-8 text (byte %(position)d); in Excel save it as 'CSV UTF-8'.")
                % {"position": exc.start}
            ) from None
        lines = list(csv.reader(io.StringIO(text), dialect=_dialect(text)))
        numbered = [(number, cells) for number, cells in enumerate(lines, start=1) if any(c.strip() for c in cells)]
        if not numbered:
            raise ImportFailed(_("The CSV file is empty."))
        start = header_index(numbered)
        header_line, header = numbered[start]
        table = SourceTable(header_of(header, _("CSV line %(n)d") % {"n": header_line}))
        for number, cells in numbered[start + 1 :]:
            table.add(_("line %(n)d") % {"n": number}, cells)
        return table


def _dialect(text: str) -> type[csv.Dialect]:
    head = [line for line in text.splitlines() if line.strip()][:10]
    delimiter = max((",", ";", "\t"), key=lambda sep: max((line.count(sep) for line in head), default=0))

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter
    return Dialect


class XlsxReader(Reader):
    """The first worksheet of an Excel workbook; the first row of two or more cells names the columns."""

    def read(self, content: bytes) -> SourceTable:
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError):
            raise ImportFailed(
                _("The file is not an Excel workbook (.xlsx); open it in Excel and save it as 'Excel Workbook'.")
            ) from None
        try:
            sheet = workbook.worksheets[0]
            rows = [(number, list(cells)) for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)]
        finally:
            workbook.close()
        numbered = [(number, cells) for number, cells in rows if any(_text(cell) for cell in cells)]
        if not numbered:
            raise ImportFailed(_("The first sheet '%(sheet)s' is empty.") % {"sheet": sheet.title})
        start = header_index(numbered)
        header_row, header = numbered[start]
        where = _("row %(n)d of sheet '%(sheet)s'")
        table = SourceTable(header_of(header, where % {"n": header_row, "sheet": sheet.title}))
        for number, cells in numbered[start + 1 :]:
            table.add(where % {"n": number, "sheet": sheet.title}, cells)
        return table


class PdfReader(Reader):
    """Tables of a text PDF (pdfplumber): the first row of the first table names the columns; tables on later pages
    continue it, repeating the header or not."""

    def read(self, content: bytes) -> SourceTable:
        import pdfplumber
        from pdfplumber.utils.exceptions import PdfminerException

        table: SourceTable | None = None
        try:
            with pdfplumber.open(io.BytesIO(content)) as pdf:
                for page_number, page in enumerate(pdf.pages, start=1):
                    for found in page.extract_tables():
                        table = self._take(table, found, page_number)
        except PdfminerException:
            raise ImportFailed(
                _("The file is not a readable PDF; export the table to PDF again, or send CSV/XLSX.")
            ) from None
        if table is None or not table.columns:
            raise ImportFailed(
                _("No table was found in the PDF. Only PDFs made from a document (not scanned images) with a ruled "
                  "table can be read; send the table as CSV or XLSX otherwise.")
            )  # fmt: skip
        return table

    def _take(self, table: SourceTable | None, found: list[list[Any]], page: int) -> SourceTable:
        rows = [[_text(cell) for cell in row] for row in found if any(_text(cell) for cell in row)]
        if not rows:
            return table or SourceTable([])
        start = 0
        if table is None or not table.columns:
            where = _("page %(page)d, table row 1") % {"page": page}
            table = SourceTable(header_of(rows[0], where))
            start = 1
        elif rows[0][: len(table.columns)] == table.columns:
            start = 1  # the header repeated on a new page
        for index in range(start, len(rows)):
            table.add(_("page %(page)d, table row %(row)d") % {"page": page, "row": index + 1}, rows[index])
        return table
