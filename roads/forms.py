"""The road network's upload form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from roads import topology


class RoadImportForm(forms.Form):
    """A line file that replaces the road network."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("GeoPackage, GeoJSON, a zipped Shapefile, or an OpenStreetMap extract (.osm, .pbf)."),
    )
    source_layer = forms.CharField(label=_("Layer in the file"), max_length=200, required=False)
    tolerance = forms.FloatField(
        label=_("Snapping tolerance (m)"), min_value=0, max_value=100, initial=topology.DEFAULT_TOLERANCE_M,
        help_text=_("Road ends closer than this become one junction."),
    )  # fmt: skip
