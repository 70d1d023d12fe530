"""The planners' upload form: the file, which of its columns holds each lot field (or a mapping.yml), the plan."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.errors import ImportFailed
from gis_core import encoding
from gis_core.srs import ACCEPTED_SRIDS
from planning.import_mapping import LOT_FIELDS, REQUIRED, load_document, parse_mapping
from planning.models import Plan
from planning.staged_import import upload_problem

MAX_MAPPING_BYTES = 64 * 1024
# The label of each lot field's column input, in the order of LOT_FIELDS.
FIELD_LABELS = {
    "lot_code": _("Lot code"),
    "land_use": _("Land-use code"),
    "function_name": _("Function"),
    "building_coverage_pct": _("Building coverage (%)"),
    "floor_area_ratio": _("Floor-area ratio"),
    "floors_min": _("Minimum floors"),
    "floors_max": _("Maximum floors (or a range such as 3-5)"),
    "height_max_m": _("Maximum height (m)"),
    "setback_m": _("Setback (m)"),
    "building_line": _("Building line"),
    "red_line_ref": _("Red-line reference"),
    "area_m2": _("Lot area stated by the plan (m²)"),
    "population": _("Planned population"),
    "note": _("Note"),
}
REVISION_FIELDS = ("title", "decision_number", "decision_date", "approving_authority", "effective_from")


class PlanUploadForm(forms.Form):
    """A plan file and how to read it; cleaned_data['document'] is the mapping as a mapping file would state it."""

    file = forms.FileField(
        label=_("Plan file"),
        help_text=_("GeoPackage, GeoJSON, KML, DXF, or a zip of a Shapefile or MapInfo TAB; VN-2000 or WGS 84."),
    )
    plan = forms.ModelChoiceField(
        label=_("Plan"),
        queryset=Plan.objects.order_by("name"),
        required=False,
        empty_label=_("A new plan (code, name and type below)"),
        help_text=_("An existing plan gets the file as a new revision; the same file again changes nothing."),
    )
    mapping_file = forms.FileField(
        label=_("Mapping file (mapping.yml)"),
        required=False,
        help_text=_("Optional; when given it replaces the columns, plan and revision fields of this form."),
    )
    plan_code = forms.SlugField(label=_("New plan: code"), max_length=60, required=False)
    plan_name = forms.CharField(label=_("New plan: name"), max_length=300, required=False)
    plan_type = forms.ChoiceField(label=_("New plan: type"), choices=[("", "—"), *Plan.Type.choices], required=False)
    title = forms.CharField(label=_("Revision title"), max_length=300, required=False)
    decision_number = forms.CharField(label=_("Approval decision number"), max_length=60, required=False)
    decision_date = forms.DateField(label=_("Approval decision date"), required=False)
    approving_authority = forms.CharField(label=_("Approving authority"), max_length=200, required=False)
    effective_from = forms.DateField(label=_("In force from"), required=False)
    layer = forms.CharField(label=_("Layer of the file"), max_length=200, required=False)
    srid = forms.TypedChoiceField(
        label=_("CRS of the coordinates"),
        choices=[("", _("As the file says"))]
        + [(code, f"EPSG:{code} {name}") for code, name in ACCEPTED_SRIDS.items()],
        coerce=int,
        empty_value=None,
        required=False,
    )
    encoding = forms.ChoiceField(
        label=_("Text encoding"),
        choices=[(choice, choice) for choice in encoding.ENCODING_CHOICES],
        initial=encoding.AUTO,
    )
    aliases = forms.CharField(
        label=_("Land-use codes of the file that mean catalogue codes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One per line, the file's code = the catalogue's code, for example OTDT = ODT."),
    )
    skip_unknown_codes = forms.BooleanField(
        label=_("Leave out lots whose land-use code is not in the catalogue (they are listed)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in LOT_FIELDS:
            self.fields[f"column_{name}"] = forms.CharField(
                label=FIELD_LABELS[name], max_length=100, required=False, help_text=_("Column of the file")
            )

    def column_fields(self) -> list[forms.BoundField]:
        """The inputs naming the file's column of each lot field."""
        return [self[f"column_{name}"] for name in LOT_FIELDS]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if problem := upload_problem(upload):
            raise forms.ValidationError(problem)
        return upload

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("mapping_file"):
            self._require_form_mapping(cleaned)
        if self.errors:
            return cleaned
        try:
            document = self._mapping_file() if cleaned.get("mapping_file") else self._document(cleaned)
            parse_mapping(document, self._mapping_name(cleaned))
        except ImportFailed as exc:
            raise forms.ValidationError(exc.message) from None
        cleaned["document"] = document
        return cleaned

    def clean_aliases(self) -> dict[str, str]:
        aliases: dict[str, str] = {}
        for number, line in enumerate(self.cleaned_data["aliases"].splitlines(), start=1):
            if not line.strip():
                continue
            source, sign, code = line.partition("=")
            if not sign or not source.strip() or not code.strip():
                raise forms.ValidationError(
                    _("Line %(number)d (%(line)s) is not of the form FILE_CODE = CATALOGUE_CODE.")
                    % {"number": number, "line": line.strip()[:40]}
                )
            aliases[source.strip().upper()] = code.strip().upper()
        return aliases

    def _require_form_mapping(self, cleaned: dict[str, Any]) -> None:
        for name in REQUIRED:
            if not cleaned.get(f"column_{name}"):
                self.add_error(f"column_{name}", _("Name the column holding this field, or upload a mapping file."))
        if cleaned.get("plan") is None:
            for name in ("plan_code", "plan_name", "plan_type"):
                if not cleaned.get(name):
                    self.add_error(name, _("A new plan needs a code, a name and a type; or choose a plan."))

    def _mapping_name(self, cleaned: dict[str, Any]) -> str:
        upload = cleaned.get("mapping_file")
        return upload.name if upload else gettext("the form")

    def _mapping_file(self) -> Any:
        upload = self.cleaned_data["mapping_file"]
        if upload.size is not None and upload.size > MAX_MAPPING_BYTES:
            raise ImportFailed(gettext("The mapping file is larger than 64 KB; it should hold a few lines of YAML."))
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise ImportFailed(gettext("The mapping file is not UTF-8 text.")) from None
        return load_document(text, upload.name)

    def _document(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        """The mapping the form's fields state, as a mapping file would."""
        fields = {name: cleaned.get(f"column_{name}") for name in LOT_FIELDS if cleaned.get(f"column_{name}")}
        plan = {"code": cleaned.get("plan_code"), "name": cleaned.get("plan_name"), "type": cleaned.get("plan_type")}
        revision = {name: cleaned.get(name) for name in REVISION_FIELDS if cleaned.get(name)}
        document: dict[str, Any] = {
            "fields": fields,
            "revision": revision,
            "land_use_aliases": cleaned.get("aliases") or {},
            "encoding": cleaned.get("encoding"),
        }
        if cleaned.get("plan") is None:
            document["plan"] = {key: value for key, value in plan.items() if value}
        if cleaned.get("layer"):
            document["layer"] = cleaned["layer"]
        if cleaned.get("srid"):
            document["srid"] = cleaned["srid"]
        return document
