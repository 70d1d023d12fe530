"""OGC API Records: the layer catalogue as the searchable record collection `catalogue`, one record per layer.

Records are GeoJSON features in the Records 1.0 encoding (properties type, title, description, keywords,
contacts, formats...). A caller finds only the layers the access rules let them see (Layer.objects.visible_to),
published to OGC or not, like the catalogue page. Text search (q) runs in PostgreSQL over slug, both titles, both
descriptions and the keywords, case- and accent-insensitively (Vietnamese letters fold to ASCII on both sides,
with translate(): no extension needed).
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Func, Q, TextField, Value
from django.db.models.functions import Lower
from django.http import HttpRequest, QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.errors import InvalidInput, NotFound
from layers.access import Viewer
from layers.models import Layer, LayerQuerySet
from ogc_api import tilesets
from ogc_api.crs import CRS84, CRS84_URI
from ogc_api.features import parse_bbox
from ogc_api.formats import GEOJSON, HTML, JSON

CATALOGUE = "catalogue"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/record-core",
    "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/record-collection",
    "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/record-core-query-parameters",
    "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/records-api",
    "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/json",
    "http://www.opengis.net/spec/ogcapi-records-1/1.0/conf/html",
]
RECORD_CORE = CONFORMANCE[0]
DEFAULT_LIMIT = 10
MAX_LIMIT = 1000
PARAMETERS = frozenset({"limit", "offset", "q", "bbox", "type", "ids", "externalIds", "datetime"})
MAX_TERMS = 20
TYPES = [kind.value for kind in Layer.Kind]
# Vietnamese letters (lower case, NFC) and the ASCII letters they fold to, for accent-insensitive search.
FOLD_FROM = "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ"
FOLD_TO = "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd"
_FOLD = str.maketrans(FOLD_FROM, FOLD_TO)
_NUMBER = re.compile(r"^\d{1,9}$")


def fold(text: str) -> str:
    """Lower-case text with Vietnamese diacritics removed, as the SQL side folds the records' text."""
    return unicodedata.normalize("NFC", text).lower().translate(_FOLD)


def catalogue_collection(request: HttpRequest) -> dict[str, Any]:
    """The record collection as it appears in /collections."""
    own = request.build_absolute_uri(reverse("ogc_api:catalogue"))
    items = request.build_absolute_uri(reverse("ogc_api:records"))
    return {
        "id": CATALOGUE,
        "type": "Catalog",
        "itemType": "record",
        "title": _("Layer catalogue"),
        "description": _("Every layer of the platform you may see: vector and raster, with its metadata and links."),
        "keywords": [_("catalogue"), _("layers"), _("metadata")],
        "extent": {"spatial": {"bbox": [[-180.0, -90.0, 180.0, 90.0]], "crs": CRS84_URI}},
        "links": [
            {"href": own, "rel": "self", "type": JSON, "title": _("This collection")},
            {"href": f"{own}?f=html", "rel": "alternate", "type": HTML, "title": _("This collection as HTML")},
            {"href": items, "rel": "items", "type": GEOJSON, "title": _("Records")},
            {"href": f"{items}?f=html", "rel": "items", "type": HTML, "title": _("Records as HTML")},
        ],
    }


@dataclass(frozen=True)
class RecordSearch:
    """The checked query parameters of a records search."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0
    terms: tuple[str, ...] = ()  # regular expressions over folded text, any of which may match
    bbox: tuple[float, float, float, float] | None = None
    types: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    external_ids: tuple[str, ...] = ()
    time: tuple[datetime.datetime | None, datetime.datetime | None] | None = None

    @classmethod
    def from_params(cls, params: QueryDict) -> "RecordSearch":
        """Parse q, bbox, type, ids, externalIds, datetime, limit and offset; raise InvalidInput naming the bad one."""
        return cls(
            limit=_integer(params.get("limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
            offset=_integer(params.get("offset"), "offset", 0, 0, 10**9),
            terms=_terms(params.get("q")),
            bbox=_bbox(params.get("bbox")),
            types=_types(params.get("type")),
            ids=tuple(_list(params.get("ids"))),
            external_ids=tuple(_list(params.get("externalIds"))),
            time=_interval(params.get("datetime")),
        )

    def apply(self, layers: LayerQuerySet) -> LayerQuerySet:
        """Narrow the layers to those the search matches."""
        if self.external_ids:
            return layers.none()  # the catalogue records no external identifiers: none can match
        if self.types:
            layers = layers.filter(kind__in=self.types)
        if self.ids:
            layers = layers.filter(slug__in=self.ids)
        if self.bbox is not None:
            west, south, east, north = self.bbox
            layers = layers.filter(
                extent__isnull=False, extent__0__lte=east, extent__2__gte=west, extent__1__lte=north,
                extent__3__gte=south,
            )  # fmt: skip
        if self.time is not None:
            start, end = self.time
            layers = layers.filter(last_updated__isnull=False)
            if start is not None:
                layers = layers.filter(last_updated__gte=start)
            if end is not None:
                layers = layers.filter(last_updated__lte=end)
        if self.terms:
            layers = layers.annotate(search_text=searchable_text())
            match = Q()
            for term in self.terms:
                match |= Q(search_text__regex=term)
            layers = layers.filter(match)
        return layers


def searchable_text() -> Func:
    """The folded text q searches: slug, both titles, both descriptions and the keywords."""
    joined = Func(
        Value(" "), F("slug"), F("title"), F("title_en"), F("description"), F("description_en"),
        Func(F("keywords"), Value(" "), function="array_to_string", output_field=TextField()),
        function="concat_ws", output_field=TextField(),
    )  # fmt: skip
    return Func(Lower(joined), Value(FOLD_FROM), Value(FOLD_TO), function="translate", output_field=TextField())


def search(user: Viewer, query: RecordSearch) -> tuple[list[Layer], int]:
    """The page of layers the user may see that match, and how many match in all."""
    layers = query.apply(Layer.objects.visible_to(user))
    matched = layers.count()
    page = list(layers.select_related("owner").order_by("slug")[query.offset : query.offset + query.limit])
    return page, matched


def record_for(slug: str, user: Viewer) -> Layer:
    """The layer behind one record, or NotFound / NotAuthenticated / Forbidden."""
    layer = Layer.objects.select_related("owner").filter(slug=slug).first()
    if layer is None:
        raise NotFound(_("The catalogue has no record %(id)r; GET /ogc/collections/catalogue/items lists them.")
                       % {"id": slug[:60]})  # fmt: skip
    layer.check_visible_to(user)
    return layer


def record(request: HttpRequest, layer: Layer) -> dict[str, Any]:
    """One layer as an OGC API Records record (a GeoJSON feature)."""
    own = request.build_absolute_uri(reverse("ogc_api:record", args=[layer.slug]))
    properties: dict[str, Any] = {
        "type": layer.kind,
        "title": layer.title_in(),
        "description": layer.description_in(),
        "keywords": list(layer.keywords),
        "language": {"code": (get_language() or "vi")[:2]},
        "languages": [{"code": "vi"}, {"code": "en"}],
        "created": _iso(layer.created_at),
        "updated": _iso(layer.last_updated or layer.updated_at),
        "formats": _formats(layer),
        "rights": layer.get_access_display(),
        "updateFrequency": layer.update_frequency,
    }
    if layer.licence:
        properties["license"] = layer.licence
    if layer.source:
        properties["source"] = layer.source
    if layer.owner is not None:
        owner = layer.owner.name_en if (get_language() or "").startswith("en") and layer.owner.name_en else None
        properties["contacts"] = [{"organization": owner or layer.owner.name, "roles": ["owner"]}]
    return {
        "id": layer.slug,
        "type": "Feature",
        "conformsTo": [RECORD_CORE],
        "time": {"timestamp": _iso(layer.last_updated)} if layer.last_updated else None,
        "geometry": _polygon(layer.extent),
        "properties": properties,
        "links": [
            {"href": own, "rel": "self", "type": GEOJSON, "title": _("This record")},
            {"href": f"{own}?f=html", "rel": "alternate", "type": HTML, "title": _("This record as HTML")},
            {"href": request.build_absolute_uri(reverse("ogc_api:catalogue")), "rel": "collection", "type": JSON,
             "title": _("Layer catalogue")},
            *_data_links(request, layer),
        ],
    }  # fmt: skip


def _data_links(request: HttpRequest, layer: Layer) -> list[dict[str, Any]]:
    """Where the layer's data can be had: its page, its OGC collection and features, its tiles."""
    links = [{"href": request.build_absolute_uri(reverse("layers:detail", args=[layer.slug])),
              "rel": "describedby", "type": HTML, "title": _("Catalogue page")}]  # fmt: skip
    if layer.published_ogc:
        collection = request.build_absolute_uri(reverse("ogc_api:collection", args=[layer.slug]))
        links.append({"href": collection, "rel": "related", "type": JSON, "title": _("OGC API collection")})
        if layer.kind == Layer.Kind.VECTOR:
            items = request.build_absolute_uri(reverse("ogc_api:items", args=[layer.slug]))
            links.append({"href": items, "rel": "items", "type": GEOJSON, "title": _("Features")})
    links += tilesets.collection_links(request, layer)
    return links


def _formats(layer: Layer) -> list[dict[str, str]]:
    formats = []
    if layer.published_ogc and layer.kind == Layer.Kind.VECTOR:
        formats.append({"name": "GeoJSON", "mediaType": GEOJSON})
    if layer.published_tiles:
        try:
            reverse("tiles:vector-tile" if layer.kind == Layer.Kind.VECTOR else "tiles:raster-tile",
                    kwargs={"slug": layer.slug, "z": 0, "x": 0, "y": 0})  # fmt: skip
        except NoReverseMatch:
            return formats
        if layer.kind == Layer.Kind.VECTOR:
            formats.append({"name": "Mapbox Vector Tiles", "mediaType": "application/vnd.mapbox-vector-tile"})
        else:
            formats.append({"name": "PNG", "mediaType": "image/png"})
    return formats


def _polygon(extent: list[float] | None) -> dict[str, Any] | None:
    if not extent:
        return None
    west, south, east, north = extent
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def _iso(moment: datetime.datetime | None) -> str | None:
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z") if moment else None


# --- Parameters ----------------------------------------------------------------------------------------------


def _integer(text: str | None, name: str, default: int, low: int, high: int) -> int:
    if text is None or text == "":
        return default
    if not _NUMBER.match(text.strip()) or not low <= int(text) <= high:
        raise InvalidInput(
            _("%(name)s must be a whole number from %(low)s to %(high)s, not %(value)r.")
            % {"name": name, "low": low, "high": high, "value": text[:40]},
            parameter=name,
        )
    return int(text)


def _list(text: str | None) -> list[str]:
    return [part.strip()[:100] for part in (text or "").split(",") if part.strip()][:100]


def _terms(text: str | None) -> tuple[str, ...]:
    """Comma-separated terms (any may match); words of a term must appear in order, separated by white space."""
    terms = _list(text)
    if len(terms) > MAX_TERMS:
        raise InvalidInput(_("q: give at most %(n)s comma-separated terms.") % {"n": MAX_TERMS}, parameter="q")
    patterns = []
    for term in terms:
        words = fold(term).split()
        if words:
            # Escape every character that is not a letter or digit: PostgreSQL regular expressions then match it as is.
            escaped = ["".join(c if c.isalnum() else f"\\{c}" for c in word) for word in words]
            patterns.append(r"\s+".join(escaped))
    return tuple(patterns)


def _types(text: str | None) -> tuple[str, ...]:
    types = _list(text)
    for value in types:
        if value not in TYPES:
            raise InvalidInput(
                _("type=%(value)s is not a record type here; use %(types)s.")
                % {"value": value[:40], "types": " or ".join(TYPES)},
                parameter="type",
            )
    return tuple(types)


def _bbox(text: str | None) -> tuple[float, float, float, float] | None:
    if not text:
        return None
    return parse_bbox(text, CRS84).lon_lat_order()


def _moment(text: str, end: bool) -> datetime.datetime | None:
    if text in ("", ".."):
        return None
    day = parse_date(text) if len(text) == 10 else None  # a bare date: the whole day
    if day is not None:
        moment = datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min)
    else:
        parsed = parse_datetime(text)
        if parsed is None:
            raise ValueError(text)
        moment = parsed
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, datetime.UTC)


def _interval(text: str | None) -> tuple[datetime.datetime | None, datetime.datetime | None] | None:
    """datetime=instant, start/end, ../end or start/..; a bare date covers the whole day."""
    if not text:
        return None
    parts = text.split("/")
    try:
        if len(parts) == 1 and parts[0] not in ("", ".."):
            return _moment(parts[0], False), _moment(parts[0], True)  # a date: the whole day; an instant: itself
        if len(parts) == 2:
            start, end = _moment(parts[0], False), _moment(parts[1], True)
            if start is not None and end is not None and start > end:
                raise ValueError(text)
            return start, end
    except ValueError:
        pass
    raise InvalidInput(
        _("datetime=%(value)s is not an instant or interval; write 2025-07-01, 2025-07-01T08:00:00Z or "
          "2025-01-01/2025-06-30 (.. for an open end).") % {"value": text[:60]},
        parameter="datetime",
    )  # fmt: skip
