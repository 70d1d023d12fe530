"""The typed query: checked, normalised and folded the way the SQL function search_fold folds the data."""

import re
import unicodedata
from dataclasses import dataclass

from django.db.models import Func, TextField
from django.db.models.expressions import Combinable
from django.utils.translation import gettext as _

from core.errors import InvalidInput

MAX_LENGTH = 100  # characters; longer text is no place name, code or coordinate pair
# Vietnamese letters (lower case, NFC) and the ASCII letters they fold to; the same as migration 0001 and
# ogc_api.records (records search), so a query folds as the data does.
FOLD_FROM = "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ"
FOLD_TO = "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd"
_FOLD = str.maketrans(FOLD_FROM, FOLD_TO)
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case NFC text with Vietnamese diacritics removed and runs of spaces made one."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).lower().translate(_FOLD)).strip()


class Fold(Func):
    """search_fold(expression) in SQL: the folded text the search indexes hold."""

    function = "search_fold"
    output_field = TextField()

    def __init__(self, expression: Combinable | str) -> None:
        super().__init__(expression)


@dataclass(frozen=True)
class SearchText:
    """What the user typed (NFC, trimmed) and its folded form."""

    raw: str
    folded: str

    @classmethod
    def parse(cls, value: str | None) -> "SearchText":
        """Check the q parameter; raise InvalidInput saying what is wrong and how to fix it."""
        text = unicodedata.normalize("NFC", value or "")
        if "\x00" in text:
            raise InvalidInput(_("The search text contains a NUL character; type it again without control characters."))
        # Tabs and line breaks pasted from a table count as spaces.
        text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text).strip()
        if not text:
            raise InvalidInput(
                _(
                    "Type what to search for in q: a commune or ward, a plan, a lot code, "
                    "or coordinates such as 12.2388, 109.1967."
                )
            )
        if len(text) > MAX_LENGTH:
            raise InvalidInput(
                _("The search text has %(length)d characters; shorten it to at most %(max)d.")
                % {"length": len(text), "max": MAX_LENGTH}
            )
        return cls(raw=_SPACES.sub(" ", text), folded=fold(text))
