"""The upload form of a dataset page."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FILE_FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".pdf": "pdf", ".json": "json"}


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (CSV, XLSX or PDF)"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in FILE_FORMATS:
            raise forms.ValidationError(
                _("'%(name)s' is not a CSV, XLSX, PDF or JSON file; save the table in one of these formats.")
                % {"name": upload.name}
            )
        if upload.size > settings.DATAHUB_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(max)d MB; split it.") % {"max": settings.DATAHUB_MAX_UPLOAD_BYTES // 2**20}
            )
        return upload

    @property
    def format(self) -> str:
        return FILE_FORMATS[Path(self.cleaned_data["file"].name).suffix.lower()]
