"""Admin of agencies."""
