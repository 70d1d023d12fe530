"""Where a vector layer's features live: a registry of source kinds, each a LayerSource subclass.

"table": a PostGIS table or view the platform owns (e.g. public.gis_core_adminunit); the layer names it.
"upload": a table the importer creates for each uploaded dataset in the schema "layerdata" and replaces
atomically on each re-import (see layers.loading).
"cog": not a relation but a raster layer's Cloud-Optimized GeoTIFF (layers.rasters.CogSource).
"""

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from core.errors import ImportFailed
from core.registry import load_class
from layers import loading, schema

if TYPE_CHECKING:
    from layers.models import Layer

SOURCES: dict[str, str] = {
    "table": "layers.sources.TableSource",
    "upload": "layers.sources.UploadSource",
    "cog": "layers.rasters.CogSource",
}
STORAGE_SRID = 4326


class LayerSource:
    """A kind of layer storage: which relation holds the features and how new data replaces the old."""

    name = ""
    accepts_imports = False

    def relation(self, layer: "Layer") -> tuple[str, str]:
        """Return (schema, table) of the relation holding the layer's features."""
        raise NotImplementedError

    def assign_relation(self, layer: "Layer") -> None:
        """Fill in the layer's schema_name and table_name where this kind decides them (before saving)."""
        raise NotImplementedError

    def problems(self, layer: "Layer") -> list[str]:
        """Return what is wrong with the layer's relation (empty when it can be served)."""
        raise NotImplementedError

    def prepare(self, layer: "Layer") -> None:
        """Make the relation ready to serve, e.g. install the data_version trigger."""
        raise NotImplementedError

    def import_refusal(self, layer: "Layer") -> str | None:
        """Return why import_layer may not load this layer's data, or None when it may."""
        raise NotImplementedError

    def discard(self, layer: "Layer") -> None:
        """Remove what the layer owns in the database when the layer is deleted."""
        raise NotImplementedError

    def replace_data(self, layer: "Layer", load: loading.Load) -> None:
        """Replace every feature of the layer with load's, atomically (inside the caller's transaction)."""
        raise NotImplementedError


def get_source(name: str) -> LayerSource:
    """Return the registered source kind called name."""
    if name not in SOURCES:
        raise ValueError(f"Unknown layer source {name!r}; use one of {', '.join(SOURCES)}.")
    return load_class(SOURCES, name, LayerSource, "layer source")()


def relation_problems(layer: "Layer", schema_name: str, table: str) -> list[str]:
    """Return what keeps schema.table from serving the layer (missing, wrong columns, wrong SRID)."""
    if schema.relation_kind(schema_name, table) is None:
        return [_("the table or view %(table)s does not exist.") % {"table": f"{schema_name}.{table}"}]
    names = {column.name for column in schema.columns(schema_name, table)}
    problems = [
        _("%(table)s has no column %(column)r.") % {"table": table, "column": column}
        for column in (layer.geometry_column, layer.id_column)
        if column not in names
    ]
    if not problems:
        srid = schema.geometry_srid(schema_name, table, layer.geometry_column)
        if srid is None:
            problems.append(_("%(column)r is not a geometry column.") % {"column": layer.geometry_column})
        elif srid != STORAGE_SRID:
            problems.append(
                _("%(column)r holds SRID %(srid)s; layers are served from EPSG:4326 columns (use a view).")
                % {"column": layer.geometry_column, "srid": srid}
            )
    return problems


class TableSource(LayerSource):
    """A table or view the platform maintains itself; its own code or importer writes it, never import_layer."""

    name = "table"

    def relation(self, layer: "Layer") -> tuple[str, str]:
        return layer.schema_name or "public", layer.table_name

    def assign_relation(self, layer: "Layer") -> None:
        layer.schema_name = layer.schema_name or "public"  # the layer names its table itself

    def problems(self, layer: "Layer") -> list[str]:
        if not layer.table_name:
            return [_("name the table or view that holds the layer's features.")]
        return relation_problems(layer, *self.relation(layer))

    def prepare(self, layer: "Layer") -> None:
        # A view has no rows of its own: whoever refreshes its tables bumps the layer (Layer.objects.touch).
        schema_name, table = self.relation(layer)
        if schema.relation_kind(schema_name, table) in schema.TABLES:
            schema.install_version_trigger(schema_name, table)

    def import_refusal(self, layer: "Layer") -> str | None:
        schema_name, table = self.relation(layer)
        return _(
            "The layer %(slug)s is served from the platform's table %(table)s, which its own module keeps up to "
            "date; import the file with that module's importer, or under a new slug as an uploaded layer."
        ) % {"slug": layer.slug, "table": f"{schema_name}.{table}"}

    def discard(self, layer: "Layer") -> None:
        pass  # the platform's table outlives the layer that published it

    def replace_data(self, layer: "Layer", load: loading.Load) -> None:
        raise ImportFailed(self.import_refusal(layer) or "")


class UploadSource(LayerSource):
    """A table per uploaded dataset in the schema layerdata, replaced as a whole by each import."""

    name = "upload"
    accepts_imports = True

    def relation(self, layer: "Layer") -> tuple[str, str]:
        return schema.UPLOAD_SCHEMA, layer.table_name or upload_table_name(layer.slug)

    def assign_relation(self, layer: "Layer") -> None:
        # Stored, not only derived: the data_version trigger finds the layer by schema and table name.
        layer.schema_name, layer.table_name = self.relation(layer)

    def problems(self, layer: "Layer") -> list[str]:
        schema_name, table = self.relation(layer)
        if schema.relation_kind(schema_name, table) is None:
            return []  # nothing imported yet: the layer is empty until its first import
        return relation_problems(layer, schema_name, table)

    def prepare(self, layer: "Layer") -> None:
        schema_name, table = self.relation(layer)
        if schema.relation_kind(schema_name, table) in schema.TABLES:
            schema.install_version_trigger(schema_name, table)

    def import_refusal(self, layer: "Layer") -> str | None:
        return None

    def discard(self, layer: "Layer") -> None:
        loading.drop_table(*self.relation(layer))

    def replace_data(self, layer: "Layer", load: loading.Load) -> None:
        loading.replace_table(*self.relation(layer), load)


def upload_table_name(slug: str) -> str:
    """Return the table name of an uploaded layer: its slug with underscores for hyphens."""
    return slug.replace("-", "_")
