"""Admin forms of agencies: the contact roster rule of Article 16.2 applied to what is being saved."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from agencies.models import AgencyContact, validate_contact_roster


class ContactRosterFormSet(forms.BaseInlineFormSet):
    """Inline contacts of an agency; the roster that would be saved must have one leader and a focal person."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors) or not self.instance.is_active:
            return
        deleted = set(map(id, self.deleted_forms))
        kept = [
            form.instance
            for form in self.forms
            if (form.has_changed() or form.instance.pk is not None) and id(form) not in deleted
        ]
        validate_contact_roster(kept)


class AgencyContactForm(forms.ModelForm):
    """One contact edited on its own page; the agency's roster with this change must still be complete."""

    class Meta:
        model = AgencyContact
        fields = ("agency", "role", "full_name", "position", "phone", "email", "user", "since", "until", "note")

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        agency = cleaned.get("agency") or (self.instance.agency if self.instance.agency_id else None)
        if agency is None or not agency.is_active or self.errors:
            return cleaned
        candidate = self._candidate(cleaned)
        others = list(agency.contacts.exclude(pk=self.instance.pk)) if self.instance.pk else list(agency.contacts.all())
        try:
            validate_contact_roster([*others, candidate])
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        return cleaned

    def _candidate(self, cleaned: dict[str, Any]) -> AgencyContact:
        fields = ("role", "since", "until")
        return AgencyContact(**{name: cleaned.get(name) for name in fields})
