"""Words of a mention as tokens: NFC lower case, and folded (no Vietnamese accents) for accent-insensitive matching.

Both the text and every rule's phrase are cut the same way, so a phrase matches whole words only: "lở" is found in
"sạt lở đất" and never inside "lởm chởm".
"""

import re
import unicodedata
from dataclasses import dataclass

from search.text import FOLD_FROM, fold

_WORD = re.compile(r"\w+", re.UNICODE)
_MARKED = frozenset(FOLD_FROM)


def words(text: str) -> list[str]:
    """Return the text's words, NFC and lower case."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def folded_words(text: str) -> list[str]:
    """Return the text's words without accents."""
    return _WORD.findall(fold(text))


def has_accents(text: str) -> bool:
    """Whether the text is written with Vietnamese accents (at least one marked letter)."""
    return any(char in _MARKED for char in unicodedata.normalize("NFC", text).lower())


@dataclass(frozen=True)
class Tokens:
    """A text cut into words, and the same words folded; index i is the same word in both."""

    marked: tuple[str, ...]
    folded: tuple[str, ...]
    accented: bool

    @classmethod
    def of(cls, text: str) -> "Tokens":
        marked = tuple(words(text))
        return cls(marked, tuple(fold(word) for word in marked), has_accents(text))


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """Return a rule's phrase as folded words."""
    return tuple(folded_words(phrase))


def contains(tokens: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    """Whether the phrase occurs as consecutive whole words."""
    size = len(phrase)
    return size > 0 and any(tokens[i : i + size] == phrase for i in range(len(tokens) - size + 1))
