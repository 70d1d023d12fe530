"""The kinds of searchable things (name -> dotted path of a SearchKind), and the search that asks them all.

A new kind plugs in by adding its entry to SEARCH_KINDS (an app may do so in its AppConfig.ready()).
"""

from typing import Any

from core.registry import load_class
from search.kinds import Hit, SearchKind
from search.text import SearchText

SEARCH_KINDS: dict[str, str] = {
    "coordinates": "search.kinds.CoordinatesKind",
    "unit": "search.kinds.UnitKind",
    "plan": "search.kinds.PlanKind",
    "lot": "search.kinds.LotKind",
    "alert": "search.kinds.AlertKind",
    "field_report": "search.kinds.FieldReportKind",
}
DEFAULT_LIMIT = 10
MAX_LIMIT = 20


def kinds() -> list[SearchKind]:
    """An instance of every registered kind."""
    return [load_class(SEARCH_KINDS, name, SearchKind, "search kind")() for name in SEARCH_KINDS]


def search(text: SearchText, viewer: Any, limit: int = DEFAULT_LIMIT) -> list[Hit]:
    """The best `limit` hits of every kind for what the viewer may see, best first."""
    hits = [hit for kind in kinds() for hit in kind.find(text, viewer, limit)]
    hits.sort(key=lambda hit: (-hit.score, len(hit.label), hit.label))
    return hits[:limit]
