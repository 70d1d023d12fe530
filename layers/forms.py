"""The upload form of the web app."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gis_core import encoding
from gis_core.srs import ACCEPTED_SRIDS
from layers.models import Layer, slug_validator
from layers.uploads import upload_problem


class UploadForm(forms.Form):
    """A data file for a new or existing layer, and the metadata of a new one."""

    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "GeoPackage, GeoJSON, KML, CSV or XLSX with coordinate columns, a zipped Shapefile or MapInfo TAB, or a "
            "GeoTIFF (.tif) for a raster layer."
        ),
    )
    slug = forms.CharField(
        label=_("Slug"),
        max_length=50,
        validators=[slug_validator],
        help_text=_("The layer's short name in addresses; an existing slug has its data replaced."),
    )
    title = forms.CharField(label=_("Title (Vietnamese)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    access = forms.ChoiceField(label=_("Access"), choices=Layer.Access.choices, initial=Layer.Access.INTERNAL)
    publish = forms.BooleanField(label=_("Publish to OGC APIs and tiles"), required=False, initial=True)
    source_layer = forms.CharField(label=_("Layer or sheet"), max_length=200, required=False)
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
    lon = forms.CharField(label=_("Longitude column (WGS84)"), max_length=100, required=False)
    lat = forms.CharField(label=_("Latitude column (WGS84)"), max_length=100, required=False)
    x = forms.CharField(label=_("X column (VN-2000 northing)"), max_length=100, required=False)
    y = forms.CharField(label=_("Y column (VN-2000 easting)"), max_length=100, required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if problem := upload_problem(upload):
            raise forms.ValidationError(problem)
        return upload

    def coordinates(self) -> dict[str, str | None]:
        return {name: self.cleaned_data.get(name) or None for name in ("lon", "lat", "x", "y")}

    def metadata(self) -> dict[str, Any]:
        """Field values of the layer if the upload creates it."""
        data = self.cleaned_data
        metadata: dict[str, Any] = {"title": data["title"] or data["slug"], "access": data["access"]}
        if data["title_en"]:
            metadata["title_en"] = data["title_en"]
        if data["publish"]:
            metadata.update(published_ogc=True, published_tiles=True)
        return metadata
