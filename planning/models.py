"""Models of the planning app (filled by its own issue)."""
