#!/usr/bin/env bash
# Run every benchmark side by side with its peer and print each figure with its ratio.
# Each benchmark generates its own data and removes it afterwards; copy the output to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# Production-like settings: DEBUG off (no query logging); the key is throwaway and never leaves this process.
export DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 LOG_FORMAT=text
DJANGO_SECRET_KEY="bench-$(head -c 32 /dev/urandom | sha256sum | cut -c1-48)"
export DJANGO_SECRET_KEY
echo "# Benchmarks — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
echo
echo "## Planning: lookup, parcel report, import vs ogr2ogr (each commits a new table with its spatial index)"
.venv/bin/python manage.py bench_planning --lots 10000 --import-lots 100000
echo
echo "## Planning at 1,000,000 lots: the lookup must not grow with the plan"
.venv/bin/python manage.py bench_planning --lots 1000000
echo
echo "## Search: /api/v1/search over the demo data plus 100,000 zoning lots"
.venv/bin/python manage.py bench_search --lots 100000 --queries 300
echo
echo "## OGC API Features: GeoJSON pages of 1,000 items vs tipg (100,000 polygons), the servers taking turns"
.venv/bin/python manage.py bench_ogc --features 100000 --limit 1000 --pages 50
echo
echo "## Tiles: our uncached vector tiles vs tipg, our cache vs our uncached tiles; 100 tiles z12-16 of 100,000 polygons"
bench/tiles.sh
echo
echo "## Past one machine: tiles and OGC items with one streaming replica added vs the primary alone (PgBouncer)"
bench/replica.sh
echo
echo "## Alerts: a flood polygon against plan lots (one alert per unit), the worker on due alerts with real recipients"
.venv/bin/python manage.py bench_alerts --lots 100000 --due 10000 --send-limit 2000
echo
echo "## IoT: sustained MQTT ingestion (QoS 1, one reading per message) and reading-to-alert latency"
.venv/bin/python manage.py bench_iot --readings 100000 --crossings 200
echo
echo "## Phone: the home page at 150 ms, 1.6 Mbps, CPU 4x slower, served by gunicorn as in production"
.venv/bin/python manage.py bench_phone --runs 3
echo
echo "## Traffic: congestion tiles of a chosen 5-minute step vs plain ST_AsMVT of the same segments without the join"
.venv/bin/python manage.py bench_congestion_tiles --segments 50000 --steps 12 --tiles 40 --rounds 3
echo
echo "## Roads: a 10-minute drive-time area on a 50,000-edge network vs pgr_drivingDistance alone"
.venv/bin/python manage.py bench_isochrone --edges 50000 --minutes 10 --runs 5
echo
echo "## Health: outbreak detection by the endemic channel, every commune x 10 diseases x 5 years of weekly counts"
.venv/bin/python manage.py bench_outbreak
echo
echo "## OGC API Coverages and EDR (pygeoapi embedded): a 512x512 coverage subset vs stock pygeoapi, EDR position p50"
.venv/bin/python manage.py bench_pygeoapi --readings 10000000 --rounds 15
echo
echo "## Imports: peak memory and time of a background layer import vs ogr2ogr on the same GeoPackage"
.venv/bin/python manage.py bench_import_memory --features 1000000
echo
echo "## Social listening: mentions stored per second against a week of 20,000, and the spike rule"
.venv/bin/python manage.py bench_listening --existing 20000 --new 200
