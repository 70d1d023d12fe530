"""The staff forms of the listening panel: a mention by hand, a response, a sentiment correction."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sectors.listening.models import Response, Sentiment

LOCAL_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class MentionForm(forms.Form):
    url = forms.URLField(label=_("Link"), max_length=1000, assume_scheme="https")
    title = forms.CharField(label=_("Title"), max_length=500)
    source = forms.CharField(label=_("Source (site, page or account)"), max_length=200)
    published_at = forms.DateTimeField(label=_("Published at"), widget=LOCAL_INPUT)
    excerpt = forms.CharField(label=_("Excerpt"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    author = forms.CharField(label=_("Author, where public"), required=False, max_length=200)


class ResponseForm(forms.Form):
    responder = forms.CharField(label=_("Who answered"), max_length=200)
    answered_at = forms.DateTimeField(label=_("Answered at"), widget=LOCAL_INPUT)
    where = forms.ChoiceField(label=_("Where"), choices=Response.Where.choices)
    link = forms.URLField(label=_("Link to the answer"), required=False, max_length=1000, assume_scheme="https")
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SentimentForm(forms.Form):
    sentiment = forms.ChoiceField(label=_("Sentiment"), choices=Sentiment.choices)
