"""Real files of each kind, made from rows: CSV text, an XLSX workbook (openpyxl) and a PDF table (reportlab)."""

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

HEADER = ["indicator", "period", "unit_code", "value", "uom"]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def csv_bytes(rows: Sequence[Sequence[object]], header: list[str] = HEADER, delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([["" if cell is None else cell for cell in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: Sequence[Sequence[object]], header: list[str] = HEADER, title: str = "Data") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(["Báo cáo chỉ tiêu tháng"])  # a title line above the table: the header is the next non-empty row
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def pdf_bytes(rows: Sequence[Sequence[object]], header: list[str] = HEADER) -> bytes:
    """A ruled table in a text PDF, as a department's report exported from a word processor would be."""
    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", FONT))
    buffer = io.BytesIO()
    table = Table([header, *[["" if cell is None else str(cell) for cell in row] for row in rows]])
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), "DejaVu")])
    )
    SimpleDocTemplate(buffer, pagesize=A4).build([table])
    return buffer.getvalue()
