"""Views of agencies."""
