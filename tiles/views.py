"""Views of the tiles app (filled by its own issue)."""
