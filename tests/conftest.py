"""Shared fixtures for the whole suite (real PostGIS through pytest-django)."""
