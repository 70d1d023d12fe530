"""Names of things in the active language: the English name (`name_en`, `title_en`) on English pages, if it has one."""

from django.conf import settings
from django.utils import translation

# (Vietnamese field, English field) pairs, in the order a model is asked for them.
NAME_FIELDS = (("name", "name_en"), ("title", "title_en"))


def localized(vietnamese: str, english: str) -> str:
    """Return the English text when the active language is English and one exists, else the Vietnamese."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return english if language.startswith("en") and english else vietnamese


def display_name(obj: object) -> str:
    """Return an object's name (sector, agency, layer, indicator, quantity…) in the active language."""
    if obj is None:
        return ""
    for vietnamese, english in NAME_FIELDS:
        if hasattr(obj, vietnamese):
            return localized(str(getattr(obj, vietnamese)), str(getattr(obj, english, "") or ""))
    return str(obj)
