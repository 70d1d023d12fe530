"""Which layers OGC API Features serves to a caller: published vector layers the caller may see."""

from django.utils.translation import gettext as _

from core.errors import NotFound
from layers.access import Viewer
from layers.models import Layer, LayerQuerySet


def published() -> LayerQuerySet:
    """Every vector layer published to the OGC APIs, whoever asks."""
    return Layer.objects.filter(published_ogc=True, kind=Layer.Kind.VECTOR)


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
