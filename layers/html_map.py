"""A vector layer as a standalone HTML map made with folium, its features inline and its assets from our server.

folium's own defaults load Leaflet, jQuery, Bootstrap and Font Awesome from CDNs; this map uses only Leaflet, from
the copy scripts/setup.sh vendors from npm (/static/vendor/leaflet/), so it opens with no internet. The features
are written by PostGIS (ST_AsGeoJSON) and coloured with the layer's drawing style, like the tile maps.
"""

import html
import json
from typing import Any

import folium
from branca.element import Figure
from django.db import connection
from django.templatetags.static import static
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from psycopg2 import sql

from core.errors import InvalidInput, NotFound
from layers.models import Layer

MAX_FEATURES = 5000  # inline GeoJSON: beyond this the page grows too heavy; the tile maps have no such limit
DECIMALS = 6  # about 0.1 m
DEFAULT_COLOUR = "#3388FF"


def local_map_class() -> type[folium.Map]:
    """A folium.Map whose only assets are our vendored Leaflet files (static URLs are known only at run time)."""
    return type(
        "LocalMap",
        (folium.Map,),
        {
            "default_js": [("leaflet", static("vendor/leaflet/leaflet.js"))],
            "default_css": [("leaflet_css", static("vendor/leaflet/leaflet.css"))],
        },
    )


def feature_collection(layer: Layer) -> dict[str, Any]:
    """The layer's features with their attributes as a GeoJSON FeatureCollection, built in PostGIS."""
    schema_name, table = layer.relation()
    names = [name for name in layer.field_names() if name != layer.geometry_column]
    properties = sql.SQL(", ").join(
        sql.SQL("{}, {}").format(sql.Literal(name), sql.Identifier("t", name)) for name in names
    )
    query = sql.SQL(
        "SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object("
        "'type', 'Feature', 'id', {id}, 'geometry', ST_AsGeoJSON({geom}, {decimals})::json, "
        "'properties', json_build_object({properties})) ORDER BY {id}), '[]'::json))::text "
        "FROM {table} AS t WHERE {geom} IS NOT NULL"
    ).format(
        id=sql.Identifier("t", layer.id_column),
        geom=sql.Identifier("t", layer.geometry_column),
        decimals=sql.Literal(DECIMALS),
        properties=properties,
        table=sql.Identifier(schema_name, table),
    )
    with connection.cursor() as cursor:
        cursor.execute(query)
        (text,) = cursor.fetchone()
    return json.loads(text)


def colour_of(style: dict[str, Any], properties: dict[str, Any]) -> str:
    """The fill colour of a feature under a drawing style (single, categories or ranges)."""
    kind = style.get("kind")
    if kind == "categories":
        value = str(properties.get(style["attribute"]))
        found = (c["color"] for c in style["categories"] if str(c["value"]) == value)
        return next(found, style.get("default_color", DEFAULT_COLOUR))
    if kind == "ranges":
        number = properties.get(style["attribute"])
        if isinstance(number, int | float):
            found = (r["color"] for r in style["ranges"] if r["min"] <= number < r["max"])
            return next(found, style.get("default_color", DEFAULT_COLOUR))
        return style.get("default_color", DEFAULT_COLOUR)
    return style.get("color", DEFAULT_COLOUR)


def check_exportable(layer: Layer) -> None:
    """Raise NotFound for a layer with no features to draw, InvalidInput for one too large to inline."""
    if layer.kind != Layer.Kind.VECTOR:
        message = _("Standalone HTML maps are made of vector layers; %(slug)s is a raster.")
        raise NotFound(message % {"slug": layer.slug})
    if (layer.feature_count or 0) > MAX_FEATURES:
        raise InvalidInput(
            _(
                "The layer %(slug)s has %(count)d features; a standalone HTML map holds at most %(max)d. "
                "Open the layer's page for its map from tiles, or download its features from /ogc/."
            )
            % {"slug": layer.slug, "count": layer.feature_count, "max": MAX_FEATURES}
        )


def standalone_html(layer: Layer, title: str) -> str:
    """Return the layer as one HTML page: Leaflet from our static files, the features inline, a legend."""
    check_exportable(layer)
    collection = _escaped(feature_collection(layer))
    style = layer.drawing_style()
    opacity = style.get("opacity", 0.6)
    stroke = style.get("stroke", "#40535E")
    extent = layer.extent or [102.1, 8.4, 109.5, 23.4]  # Việt Nam's mainland if the layer is empty
    west, south, east, north = extent
    figure = local_map_class()(location=[(south + north) / 2, (west + east) / 2], zoom_start=10, tiles=None,
                               control_scale=True, prefer_canvas=True)  # fmt: skip
    icon = static("portal/favicon.svg")
    header = f'<title>{escape(title)}</title><link rel="icon" href="{icon}" type="image/svg+xml">'
    page = figure.get_root()
    assert isinstance(page, Figure)  # a folium.Map's root is the page
    page.header.add_child(folium.Element(header))
    fields = [name for name in layer.field_names() if name != layer.geometry_column][:12]

    def paint(feature: dict[str, Any]) -> dict[str, Any]:
        properties = {k: html.unescape(v) if isinstance(v, str) else v for k, v in feature["properties"].items()}
        colour = colour_of(style, properties)
        return {"color": stroke, "weight": 1, "fillColor": colour, "fillOpacity": opacity}

    geojson = folium.GeoJson(collection, name=title, style_function=paint)
    if fields and collection["features"]:
        aliases = [escape(name) for name in fields]
        geojson.add_child(folium.GeoJsonPopup(fields=fields, aliases=aliases, localize=True))
    geojson.add_to(figure)
    if layer.extent:
        figure.fit_bounds([[south, west], [north, east]])
    page.html.add_child(folium.Element(_legend_html(layer, title)))
    return page.render()


def _escaped(collection: dict[str, Any]) -> dict[str, Any]:
    """HTML-escape every text attribute: folium's popups write attribute values into the page as HTML."""
    for feature in collection["features"]:
        feature["properties"] = {
            name: escape(json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value)
            if isinstance(value, str | dict | list)
            else value
            for name, value in feature["properties"].items()
        }
    return collection


def _legend_html(layer: Layer, title: str) -> str:
    key = "label_en" if (translation.get_language() or "vi").startswith("en") else "label"
    items = "".join(
        f'<li><span style="display:inline-block;width:1em;height:0.8em;margin-right:0.4em;'
        f'border:1px solid #40535e;background:{escape(entry["color"])}"></span>{escape(entry[key])}</li>'
        for entry in layer.legend()
    )
    return (
        '<section class="ioc-export-legend" style="position:fixed;z-index:1000;bottom:1.5rem;right:0.6rem;'
        "max-height:40vh;overflow:auto;background:#fffffff0;padding:0.4rem 0.7rem;border-radius:0.3rem;"
        'font:0.8rem system-ui,sans-serif;box-shadow:0 1px 4px #0003">'
        f'<h2 style="font-size:0.9rem;margin:0 0 0.3rem">{escape(title)}</h2>'
        f'<ul style="list-style:none;margin:0;padding:0">{items}</ul></section>'
    )
