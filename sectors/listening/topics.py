"""Topics of a mention by the keyword rules staff keep in the admin (models.Topic), whole words, accents aside.

When both the text and the keyword are written with accents they are compared as written (lower case), because
folding them can join different words ("lô đất", a plot, and "lở đất", a landslide, both fold to "lo dat"); when
either is written without accents, both are compared folded.
"""

from collections.abc import Iterable

from sectors.listening.models import Topic
from sectors.listening.text import Tokens, contains, has_accents, phrase_tokens, words


def mentions_keyword(tokens: Tokens, keyword: str) -> bool:
    """Whether the keyword occurs in the text as whole words."""
    if tokens.accented and has_accents(keyword):
        return contains(tokens.marked, tuple(words(keyword)))
    return contains(tokens.folded, phrase_tokens(keyword))


def matching(text: str, topics: Iterable[Topic] | None = None) -> list[Topic]:
    """Return the active topics one of whose keywords occurs in the text."""
    tokens = Tokens.of(text)
    rules = topics if topics is not None else Topic.objects.filter(is_active=True)
    return [topic for topic in rules if any(mentions_keyword(tokens, word) for word in topic.keyword_list())]
