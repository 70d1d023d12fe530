"""The form of an incident entered by hand."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sectors.traffic.models import IncidentKind


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=IncidentKind.choices)
    lon = forms.FloatField(label=_("Longitude"), min_value=102, max_value=118)
    lat = forms.FloatField(label=_("Latitude"), min_value=6, max_value=24)
    lanes_blocked = forms.IntegerField(label=_("Lanes blocked"), min_value=0, max_value=20, initial=0)
    deaths = forms.IntegerField(label=_("Deaths"), min_value=0, max_value=999, initial=0)
    injured = forms.IntegerField(label=_("Injured"), min_value=0, max_value=999, initial=0)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                  max_length=2000)  # fmt: skip
