"""Views of gis_core."""
