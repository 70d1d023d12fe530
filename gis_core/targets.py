"""The registry of import targets, kept apart from the importer so that AppConfig.ready stays light.

Importing gis_core.importer loads pyogrio and geopandas, and pyogrio installs its own GDAL error handler, which
would silence GeoDjango's GDAL error log in every process that only starts up.
"""

# Kinds of import, each an ImportTarget subclass. The apps above add theirs ("plans", "landuse_status", "layers",
# "roads") from their AppConfig.ready with core.registry.register: gis_core never names them.
IMPORT_TARGETS: dict[str, str] = {
    "boundaries": "gis_core.importer.BoundariesTarget",
}
