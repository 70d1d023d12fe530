"""Tables as downloadable files."""

import csv
import io
from collections.abc import Sequence

from django.http import HttpResponse


def csv_response(rows: Sequence[Sequence[object]], filename: str) -> HttpResponse:
    """A UTF-8 CSV download with a byte-order mark, so spreadsheet programs read Vietnamese correctly."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
