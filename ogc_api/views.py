"""Views of the ogc_api app (filled by its own issue)."""
