"""Admin of accounts."""
