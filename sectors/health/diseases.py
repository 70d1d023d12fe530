"""The notifiable diseases the case counts name (Circular 54/2015/TT-BYT group B lists), as a table in code.

Each disease has a code used in files and pushes, its names, and the smallest weekly count of a commune that may
raise an outbreak alert: below it, a count above the endemic channel is noise (one measles case is already a
signal; a few cases of diarrhoea are not).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from datahub.values import fold


@dataclass(frozen=True)
class Disease:
    code: str
    name: Promise
    min_cases: int
    aliases: tuple[str, ...] = ()


DISEASES: tuple[Disease, ...] = (
    Disease("dengue", _("Dengue fever"), 5, ("sot xuat huyet", "sot xuat huyet dengue", "sxh")),
    Disease("hand-foot-mouth", _("Hand, foot and mouth disease"), 5, ("tay chan mieng", "tcm", "hfmd")),
    Disease("measles", _("Measles"), 1, ("soi",)),
    Disease("diarrhoea", _("Acute diarrhoea"), 10, ("tieu chay", "tieu chay cap", "diarrhea")),
    Disease("influenza", _("Influenza"), 10, ("cum", "flu")),
    Disease("chickenpox", _("Chickenpox"), 5, ("thuy dau", "varicella")),
    Disease("mumps", _("Mumps"), 3, ("quai bi",)),
    Disease("rubella", _("Rubella"), 1, ("rubeon", "rubella")),
    Disease("pertussis", _("Whooping cough"), 1, ("ho ga", "pertussis")),
    Disease("typhoid", _("Typhoid fever"), 1, ("thuong han",)),
)
BY_CODE = {disease.code: disease for disease in DISEASES}
_BY_NAME = {fold(name): disease for disease in DISEASES for name in (disease.code, *disease.aliases)}


def find(text: str) -> Disease | None:
    """The disease a file names by code or by its Vietnamese or English name, accents and case aside."""
    folded = fold(text)
    return _BY_NAME.get(folded) or next((d for d in DISEASES if fold(str(d.name)) == folded), None)


def choices() -> list[tuple[str, Promise]]:
    return [(disease.code, disease.name) for disease in DISEASES]
