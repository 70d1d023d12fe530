"""Views of the layers app (filled by its own issue)."""
