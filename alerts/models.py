"""Models of the alerts app (filled by its own issue)."""
