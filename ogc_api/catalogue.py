"""Which layers the OGC APIs serve to a caller: published layers the caller may see.

Vector layers are feature collections; raster layers appear as collections only when published as tiles
(ogc_api.tilesets), since map tiles are the only way this API offers their data.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from core.errors import NotFound
from layers.access import Viewer
from layers.models import Layer, LayerQuerySet


def published() -> LayerQuerySet:
    """Every layer published to the OGC APIs that they can serve, whoever asks."""
    served = Q(kind=Layer.Kind.VECTOR) | Q(kind=Layer.Kind.RASTER, published_tiles=True)
    return Layer.objects.filter(served, published_ogc=True)


def collections_for(user: Viewer) -> list[Layer]:
    """The collections the user may list (others are absent, not refused)."""
    return list(published().visible_to(user).order_by("slug"))


def collection_for(slug: str, user: Viewer) -> Layer:
    """Return the published layer, or raise NotFound, NotAuthenticated or Forbidden."""
    layer = published().filter(slug=slug).first()
    if layer is None:
        raise NotFound(_("There is no collection %(slug)r; GET /ogc/collections lists them.") % {"slug": slug[:60]})
    layer.check_visible_to(user)
    return layer


def vector_collection_for(slug: str, user: Viewer) -> Layer:
    """Like collection_for, for the endpoints only a vector layer has (items, queryables)."""
    layer = collection_for(slug, user)
    if layer.kind != Layer.Kind.VECTOR:
        raise NotFound(
            _("Collection %(slug)s is a raster layer: it has no features, only tiles (see its /tiles).")
            % {"slug": slug}
        )
    return layer
