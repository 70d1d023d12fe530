#!/usr/bin/env bash
# Lay out the front-end packages the pages load (served as static files under /static/vendor/; no CDN at run time).
# The one list of vendor assets: scripts/setup.sh and docker/Dockerfile both call it after `npm ci`, and
# tests/portal/test_vendor_assets.py checks that every vendor asset the templates and code reference is made here.
# Usage: scripts/vendor_assets.sh [NODE_MODULES [VENDOR]]   (defaults: node_modules vendor)
set -euo pipefail
src="${1:-node_modules}"
dest="${2:-vendor}"
[ -d "$src" ] || { echo "error: $src is missing; run npm ci first" >&2; exit 1; }
rm -rf "$dest"
mkdir -p "$dest"/leaflet "$dest"/leaflet.vectorgrid "$dest"/proj4 "$dest"/ol "$dest"/axe-core
# Leaflet: the map component (portal/static/portal/map.js), OGC API item pages, folium maps (layers/html_map.py).
# Only what pages load (no source builds or source maps): less to fingerprint and compress at collectstatic.
cp -r "$src"/leaflet/dist/leaflet.js "$src"/leaflet/dist/leaflet.css "$src"/leaflet/dist/images "$dest"/leaflet/
cp "$src"/leaflet/LICENSE "$dest"/leaflet/
# The bundled build carries its own pbf and vector-tile readers: one file for MVT in Leaflet.
cp "$src"/leaflet.vectorgrid/dist/Leaflet.VectorGrid.bundled.min.js "$dest"/leaflet.vectorgrid/
# proj4js: VN-2000 coordinates of the pointer, loaded by map.js on the first pointer move.
cp "$src"/proj4/dist/proj4.js "$src"/proj4/LICENSE.md "$dest"/proj4/
# OpenLayers: the admin's offline map widgets (core/widgets.py).
cp "$src"/ol/dist/ol.js "$src"/ol/ol.css "$dest"/ol/
# axe-core: accessibility checks of the pages in the browser tests.
cp "$src"/axe-core/axe.min.js "$src"/axe-core/LICENSE "$dest"/axe-core/
# Swagger UI: the OGC API's HTML API page (/ogc/api?f=html, ogc_api/templates/ogc_api/api.html).
mkdir -p "$dest"/swagger-ui && cp "$src"/swagger-ui-dist/{swagger-ui-bundle.js,swagger-ui.css,LICENSE} "$dest"/swagger-ui/
# Their source maps are not shipped: drop the references, which the fingerprinting storage would try to resolve.
sed -i '/sourceMappingURL=/d' "$dest"/swagger-ui/swagger-ui-bundle.js "$dest"/swagger-ui/swagger-ui.css
