"""Admin of gis_core."""
