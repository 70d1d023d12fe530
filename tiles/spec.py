"""What the tile views need to know about a layer (vector or raster), read in one raw query (no ORM on the hot path).

Reading the row on every request, instead of caching it, means an import, an edit of the data (the table's
trigger bumps data_version) or a change of access is seen by every server process at once.
"""

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils.translation import gettext as _
from psycopg2 import sql

from core.db import read_connection
from core.errors import NotFound
from layers import access
from layers.access import Viewer
from layers.models import MAX_ZOOM, Layer
from layers.sources import get_source

_ALLOWED = Layer.allowed_agencies.through
# Column of layers_layer -> field of TileSpec.
_COLUMNS = {
    "id": "id", "slug": "slug", "kind": "kind", "published_tiles": "published_tiles", "access": "access",
    "allowed_roles": "allowed_roles", "owner_id": "owner_id", "source_kind": "source_kind",
    "schema_name": "schema_name", "table_name": "table_name", "geometry_column": "geometry_column",
    "id_column": "id_column", "tile_minzoom": "minzoom", "tile_maxzoom": "maxzoom", "tile_simplify_px": "simplify_px",
    "tile_simplify_below_zoom": "simplify_below_zoom", "tile_feature_limit": "feature_limit",
    "data_version": "data_version", "raster_path": "raster_path", "extent": "extent",
}  # fmt: skip
# The raster description without its band statistics: the grid, CRS and overviews the renderer needs.
_QUERY = sql.SQL(
    "SELECT {columns}, l.tile_attributes::text, l.fields::text, "
    "ARRAY(SELECT a.agency_id FROM {allowed} a WHERE a.layer_id = l.id), l.style::text, (l.raster - 'bands')::text "
    "FROM {layers} l WHERE l.slug = %s"
).format(
    columns=sql.SQL(", ").join(sql.Identifier("l", name) for name in _COLUMNS),
    allowed=sql.Identifier(_ALLOWED._meta.db_table),
    layers=sql.Identifier(Layer._meta.db_table),
)


_QUERY_TEXT: list[str] = []


def _query_text(cursor: Any) -> str:
    """The query above as text, composed once per process (it names only fixed tables and columns)."""
    if not _QUERY_TEXT:
        _QUERY_TEXT.append(_QUERY.as_string(cursor.cursor.connection))
    return _QUERY_TEXT[0]


@dataclass(frozen=True)
class TileSpec:
    """A layer as the tile renderer and the caches see it."""

    id: int
    slug: str
    kind: str
    published_tiles: bool
    access: str
    allowed_roles: list[str]
    owner_id: int | None
    source_kind: str
    schema_name: str
    table_name: str
    geometry_column: str
    id_column: str
    minzoom: int
    maxzoom: int
    simplify_px: float
    simplify_below_zoom: int
    feature_limit: int | None
    data_version: int
    raster_path: str = ""
    extent: list[float] | None = None  # EPSG:4326
    attributes: dict[str, int] = field(default_factory=dict)  # attribute -> first zoom
    fields: list[dict[str, str]] = field(default_factory=list)
    allowed_agency_ids: list[int] = field(default_factory=list)
    style: dict[str, Any] = field(default_factory=dict)
    raster: dict[str, Any] = field(default_factory=dict)  # Layer.raster without band statistics

    @classmethod
    def load(cls, slug: str, kind: str = Layer.Kind.VECTOR) -> "TileSpec":
        """Return the spec of a layer of this kind published as tiles, or raise NotFound."""
        with read_connection().cursor() as cursor:
            cursor.execute(_query_text(cursor), [slug])
            row = cursor.fetchone()
        if row is None:
            raise NotFound(_("No layer has the slug %(slug)s; see /api/v1/layers.") % {"slug": slug[:60]})
        values = dict(zip(_COLUMNS.values(), row[: len(_COLUMNS)], strict=True))
        attributes, fields, agencies, style, raster = row[len(_COLUMNS) :]
        values.update(
            attributes=json.loads(attributes), fields=json.loads(fields), allowed_agency_ids=agencies,
            style=json.loads(style), raster=json.loads(raster),
        )  # fmt: skip
        spec = cls(**values)
        if not spec.published_tiles or spec.kind != kind:
            if kind == Layer.Kind.RASTER:
                raise NotFound(_("The layer %(slug)s is not published as raster tiles.") % {"slug": slug})
            raise NotFound(_("The layer %(slug)s is not published as vector tiles.") % {"slug": slug})
        return spec

    @property
    def is_raster(self) -> bool:
        return self.kind == Layer.Kind.RASTER

    def relation(self) -> tuple[str, str]:
        """Return (schema, table) through the layer's registered source kind (it reads the same attribute names)."""
        return get_source(self.source_kind).relation(self)  # type: ignore[arg-type]

    def check_visible_to(self, user: Viewer) -> None:
        """Raise NotAuthenticated or Forbidden unless the user may see the layer (as the catalogue decides)."""
        access.check_view(self.access, self.allowed_roles, self.allowed_agency_ids, self.owner_id, user)

    @property
    def is_public(self) -> bool:
        return self.access == access.PUBLIC

    def check_tile(self, z: int, x: int, y: int) -> None:
        """Raise NotFound for a tile outside the layer's zoom range or outside the world."""
        if not self.minzoom <= z <= min(self.maxzoom, MAX_ZOOM):
            raise NotFound(
                _("The layer %(slug)s has tiles from zoom %(min)d to %(max)d.")
                % {"slug": self.slug, "min": self.minzoom, "max": self.maxzoom}
            )
        if not (0 <= x < 2**z and 0 <= y < 2**z):
            raise NotFound(_("There is no tile %(z)d/%(x)d/%(y)d.") % {"z": z, "x": x, "y": y})

    def attributes_at(self, zoom: int) -> list[str]:
        """The configured attributes tiles carry at a zoom, skipping any a re-import has dropped from the table."""
        present = {f["name"] for f in self.fields}
        return [name for name, minzoom in self.attributes.items() if minzoom <= zoom and name in present]

    @cached_property
    def id_is_integer(self) -> bool:
        """Whether the id column can be the MVT feature id (an integer)."""
        return any(f["name"] == self.id_column and f["type"] == "integer" for f in self.fields)

    @cached_property
    def fingerprint(self) -> str:
        """A short hash of everything that shapes a tile besides the data (so a change of options renews tiles)."""
        options: list[Any]
        if self.is_raster:  # an edit of the colour ramp in the admin renews raster tiles at once
            options = [self.raster_path, self.style]
        else:
            options = [
                self.relation(), self.geometry_column, self.id_column, self.attributes, self.simplify_px,
                self.simplify_below_zoom, self.feature_limit, self.id_is_integer,
            ]  # fmt: skip
        return hashlib.blake2s(json.dumps(options, sort_keys=True).encode(), digest_size=6).hexdigest()

    def etag(self, z: int, x: int, y: int) -> str:
        """The tile's strong ETag: layer slug and id, data version, options fingerprint and tile address."""
        # The id tells a layer from an older one deleted and re-created under the same slug (versions restart).
        return f'"{self.slug}-{self.id}.{self.data_version}-{self.fingerprint}-{z}-{x}-{y}"'

    def cache_key(self, z: int, x: int, y: int) -> str:
        """The server-side cache key; a new data_version makes the old keys unreachable."""
        form = "png" if self.is_raster else "mvt"
        return f"tiles:{form}:{self.slug}:{self.id}.{self.data_version}:{self.fingerprint}:{z}/{x}/{y}"
