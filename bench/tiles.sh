#!/usr/bin/env bash
# Vector tiles, side by side: our tiles app (gunicorn, 2 workers, DEBUG off) against tipg (2 workers) on the same
# 100,000-polygon table and the same 100 tiles from zoom 12 to 16, with 8 concurrent clients.
#   ours uncached: the server cache off (TILES_SERVER_CACHE=0): every tile is rendered by PostGIS, like tipg
#   ours cached:   Redis as in production, warmed by one pass over the mix, against our own uncached server (a
#                  second gunicorn with the cache off) measured in turn with it: tipg has no cache, so the cached
#                  figure has no goal against tipg
# tipg may put at most TIPG_MAX_FEATURES_PER_TILE features in a tile (10,000 by default) and our tiles hold every
# feature; the cap is raised so both servers answer the same tiles. Called by bench/run.sh (settings from there).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${BENCH_TILES_PORT:-8104}"
TIPG_PORT="${BENCH_TIPG_PORT:-8114}"
UNCACHED_PORT="${BENCH_TILES_UNCACHED_PORT:-8105}"
POLYGONS="${BENCH_TILES_POLYGONS:-100000}"  # smaller only to try the script out
TURNS="${BENCH_TILES_TURNS:-5}"
REDIS="${BENCH_REDIS_URL:-redis://127.0.0.1:6379/0}"
# The database the app uses (config/settings.py's default unless DATABASE_URL says otherwise); tipg needs it named.
export DATABASE_URL="${DATABASE_URL:-postgis://postgres@127.0.0.1:5432/ioc}"
work="$(mktemp -d)"
tiles="$work/tiles.json"
results="$work/results.jsonl"
server_pid=""
uncached_pid=""
source bench/tipg_env.sh

stop_server() {
  local pid
  for pid in "$server_pid" "$uncached_pid"; do
    if [ -n "$pid" ]; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  server_pid=""
  uncached_pid=""
}
cleanup() {
  stop_server
  tipg_stop
  .venv/bin/python manage.py bench_tiles teardown >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

wait_for() {
  local url="$1" tries=0
  until curl -fs -o /dev/null "$url"; do
    tries=$((tries + 1))
    if [ "$tries" -gt 120 ]; then echo "error: $url did not answer within 60 s" >&2; return 1; fi
    sleep 0.5
  done
}

start_ours() {  # extra environment for the server as arguments
  env GUNICORN_WORKERS=2 TILES_CACHE_SECONDS=900 "$@" \
    .venv/bin/gunicorn -c docker/gunicorn.conf.py --bind "127.0.0.1:$PORT" --access-logfile /dev/null \
    config.wsgi:application >"$work/gunicorn.log" 2>&1 &
  server_pid=$!
  wait_for "http://127.0.0.1:$PORT/tiles/bench-tiles.json"
}

start_ours_uncached() {  # a second server with the cache off, the cached server's peer
  env GUNICORN_WORKERS=2 TILES_SERVER_CACHE=0 \
    .venv/bin/gunicorn -c docker/gunicorn.conf.py --bind "127.0.0.1:$UNCACHED_PORT" --access-logfile /dev/null \
    config.wsgi:application >"$work/gunicorn-uncached.log" 2>&1 &
  uncached_pid=$!
  wait_for "http://127.0.0.1:$UNCACHED_PORT/tiles/bench-tiles.json"
}

measure() {  # turns, then LABEL URL ROUNDS-PER-TURN for each server: the servers take turns
  local turns="$1"
  shift
  local args=()
  while [ $# -gt 0 ]; do args+=(--server "$1" "$2" "$3"); shift 3; done
  .venv/bin/python manage.py bench_tiles measure "${args[@]}" --tiles "$tiles" --turns 1  # warm-up, not recorded
  .venv/bin/python manage.py bench_tiles measure "${args[@]}" --tiles "$tiles" --results "$results" \
    --turns "$turns" --concurrency 8
}

.venv/bin/python manage.py bench_tiles setup --polygons "$POLYGONS" --count 100 --tiles "$tiles"
ours="http://127.0.0.1:$PORT/tiles/bench-tiles/{z}/{x}/{y}.mvt"
theirs="http://127.0.0.1:$TIPG_PORT/collections/bench_tiles.parcels/tiles/WebMercatorQuad/{z}/{x}/{y}?properties=code,land_use"

# Uncached: both render every tile in PostGIS; they take turns, two rounds of the 100 tiles each, so a change in
# the machine's load falls on both alike.
TIPG_MAX_FEATURES_PER_TILE=1000000 tipg_start "$TIPG_PORT" "$DATABASE_URL" bench_tiles 2
start_ours TILES_SERVER_CACHE=0
measure "$TURNS" "ours uncached" "$ours" 2 "tipg (no cache)" "$theirs" 2
stop_server

tipg_stop

# Cached: Redis, as in production, filled by the warm-up, against our own server with the cache off measured in
# turn with it (a cached turn is ten rounds, an uncached turn one: about the same time each).
start_ours REDIS_URL="$REDIS"
start_ours_uncached
measure "$TURNS" "ours cached (Redis)" "$ours" 10 "ours uncached, beside cached" \
  "http://127.0.0.1:$UNCACHED_PORT/tiles/bench-tiles/{z}/{x}/{y}.mvt" 1
stop_server

.venv/bin/python manage.py bench_tiles report --results "$results"
