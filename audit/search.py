"""The filters of the audit log page: kind, user, date range and free text, read from the query string."""

import datetime
from dataclasses import dataclass

from django import forms
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry, AuditEntryQuerySet, Kind


class AuditFilterForm(forms.Form):
    """What leaders may filter the log by; every field optional."""

    kind = forms.ChoiceField(label=_("Event"), required=False, choices=[("", _("All events")), *Kind.choices])
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    q = forms.CharField(label=_("Search"), required=False, max_length=200)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if isinstance(since, datetime.date) and isinstance(until, datetime.date) and since > until:
            raise forms.ValidationError(_("The start date is after the end date; swap them or clear one."))
        return data


@dataclass
class AuditFilter:
    kind: str = ""
    user: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None
    q: str = ""

    def apply(self, entries: AuditEntryQuerySet) -> AuditEntryQuerySet:
        """Narrow the entries; dates are whole local days (TIME_ZONE), both ends included."""
        if self.kind:
            entries = entries.filter(kind=self.kind)
        if self.user:
            entries = entries.filter(username__icontains=self.user)
        if self.since:
            entries = entries.filter(when__date__gte=self.since)
        if self.until:
            entries = entries.filter(when__date__lte=self.until)
        if self.q:
            entries = entries.annotate(details_as_text=Cast("details", TextField())).filter(
                Q(target__icontains=self.q) | Q(username__icontains=self.q) | Q(details_as_text__icontains=self.q)
            )
        return entries


def read_filter(form: AuditFilterForm) -> AuditFilter:
    """The filter of a valid form; an invalid form filters nothing (its errors are shown)."""
    if not form.is_valid():
        return AuditFilter()
    data = form.cleaned_data
    return AuditFilter(data["kind"], data["user"].strip(), data["since"], data["until"], data["q"].strip())


def filtered(form: AuditFilterForm) -> AuditEntryQuerySet:
    """The entries the form asks for, newest first."""
    return read_filter(form).apply(AuditEntry.objects.all())
