#!/usr/bin/env bash
# Tiles and OGC items read with one streaming replica added, against the primary alone, on this machine:
# scripts/topology.sh's primary (behind PgBouncer) and replica, BENCH_REPLICA_POLYGONS polygons (bench_tiles' layer),
# two gunicorn servers (4 workers each, tile cache off) that take turns: one with DATABASE_REPLICA_URLS, one without.
# Tiles: bench_tiles' 100-tile mix (zoom 12-16); OGC: pages of 50 items at an offset (the mix's tile rows).
# Called by bench/run.sh (settings from there). On one machine both clusters share its cores, so the ratio shows the
# router's cost and the replica's share of the work rather than a second server's capacity.
set -euo pipefail
cd "$(dirname "$0")/.."
ALONE_PORT="${BENCH_REPLICA_ALONE_PORT:-8125}"
WITH_PORT="${BENCH_REPLICA_WITH_PORT:-8126}"
POLYGONS="${BENCH_REPLICA_POLYGONS:-100000}"
DB=ioc_bench_replica
PRIMARY="postgis://postgres@127.0.0.1:${TOPOLOGY_PRIMARY_PORT:-5441}/$DB"
POOLED="postgis://postgres@127.0.0.1:${TOPOLOGY_POOLER_PORT:-6441}/$DB"
REPLICA="postgis://postgres@127.0.0.1:${TOPOLOGY_REPLICA_PORT:-5442}/$DB"
work="$(mktemp -d)"
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  scripts/topology.sh down >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

serve() {  # port, then extra environment
  local port=$1
  shift
  env DATABASE_URL="$POOLED" DATABASE_POOLER=pgbouncer TILES_SERVER_CACHE=0 GUNICORN_WORKERS=4 "$@" \
    .venv/bin/gunicorn -c docker/gunicorn.conf.py --bind "127.0.0.1:$port" --access-logfile /dev/null \
    config.wsgi:application >"$work/gunicorn-$port.log" 2>&1 &
  pids+=($!)
  local tries=0
  until curl -fs -o /dev/null "http://127.0.0.1:$port/tiles/bench-tiles.json"; do
    tries=$((tries + 1))
    if [ "$tries" -gt 120 ]; then echo "error: the server on $port did not answer within 60 s" >&2; exit 1; fi
    sleep 0.5
  done
}

scripts/topology.sh up >/dev/null
export DATABASE_URL="$PRIMARY"
.venv/bin/python manage.py ensure_database >/dev/null
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py bench_tiles setup --polygons "$POLYGONS" --count 100 --tiles "$work/tiles.json"
.venv/bin/python manage.py shell -c \
  "from layers.models import Layer; Layer.objects.filter(slug='bench-tiles').update(published_ogc=True)"
# The replica has replayed everything written so far before anything is measured.
lsn="$(psql -h 127.0.0.1 -p "${TOPOLOGY_PRIMARY_PORT:-5441}" -U postgres -d "$DB" -Atc 'SELECT pg_current_wal_lsn()')"
until [ "$(psql -h 127.0.0.1 -p "${TOPOLOGY_REPLICA_PORT:-5442}" -U postgres -d "$DB" -Atc \
  "SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn")" = t ]; do sleep 0.5; done

serve "$ALONE_PORT"
serve "$WITH_PORT" DATABASE_REPLICA_URLS="$REPLICA"
tile="/tiles/bench-tiles/{z}/{x}/{y}.mvt"
items="/ogc/collections/bench-tiles/items?f=json&limit=50&offset={y}"
for kind in tiles items; do
  path=$tile
  [ "$kind" = items ] && path=$items
  servers=(--server "$kind: primary alone" "http://127.0.0.1:$ALONE_PORT$path" 2
    --server "$kind: with a replica" "http://127.0.0.1:$WITH_PORT$path" 2)
  .venv/bin/python manage.py bench_tiles measure "${servers[@]}" --tiles "$work/tiles.json" --turns 1
  .venv/bin/python manage.py bench_tiles measure "${servers[@]}" --tiles "$work/tiles.json" --turns 3 \
    --concurrency 8 --results "$work/results.jsonl"
done
.venv/bin/python - "$work/results.jsonl" <<'PY'
import json
import sys

runs = {row["label"]: row for row in map(json.loads, open(sys.argv[1], encoding="utf-8"))}
SAME = "the same requests to two gunicorns (4 workers, tile cache off) taking turns, 8 clients, one 2-core machine"
WORKLOAD = {
    "tiles": f"the 100-tile mix z12-16 of the same layer, rendered by PostGIS; {SAME}",
    "items": f"pages of 50 GeoJSON items at an offset; {SAME}",
}
for kind in ("tiles", "items"):
    alone, with_replica = runs[f"{kind}: primary alone"], runs[f"{kind}: with a replica"]
    for run in (alone, with_replica):
        rate = run["requests"] / run["seconds"]
        p99 = "p99 not printed (< 500 requests)" if run["p99_ms"] is None else f"p99 {run['p99_ms']:7.1f} ms"
        print(f"{run['label']:<26} {rate:8.1f} req/s   p50 {run['p50_ms']:7.1f} ms   {p99}   "
              f"{run['requests']} requests, {run['errors']} errors")
    ratio = (with_replica["requests"] / with_replica["seconds"]) / (alone["requests"] / alone["seconds"])
    print(f"{kind}: with a replica / primary alone = {ratio:.2f} (workload: {WORKLOAD[kind]})")
PY
