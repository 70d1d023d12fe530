# Source this file (bash) to get tipg, Development Seed's PostGIS OGC API server, as a benchmark peer.
# Usage:   source bench/tipg_env.sh
#          tipg_start PORT DATABASE_URL SCHEMA [WORKERS]   # serves only SCHEMA's tables; waits until it answers
#          ...                                             # e.g. curl http://127.0.0.1:PORT/collections
#          tipg_stop                                       # stops the server this shell started
# tipg lives in its own virtual environment (bench/.venv-tipg, git-ignored), made with the project's Python 3.12
# on first use, so its pins never touch the app's .venv.

TIPG_VERSION="${TIPG_VERSION:-1.6.1}"
TIPG_UVICORN_VERSION="${TIPG_UVICORN_VERSION:-0.54.0}"
TIPG_BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TIPG_VENV="$TIPG_BENCH_DIR/.venv-tipg"
TIPG_PID=""

tipg_install() {
  # Create or refresh the venv only when the pinned version is missing, so repeated runs cost nothing.
  if [ -x "$TIPG_VENV/bin/python" ] &&
    "$TIPG_VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit((m.version('tipg'), m.version('uvicorn')) != ('$TIPG_VERSION', '$TIPG_UVICORN_VERSION'))" 2>/dev/null; then
    return 0
  fi
  local python
  python="$("$TIPG_BENCH_DIR/../scripts/find_python.sh")" || return 1
  "$python" -m venv "$TIPG_VENV" || return 1
  { "$TIPG_VENV/bin/python" -m pip install --quiet "tipg==$TIPG_VERSION" "uvicorn==$TIPG_UVICORN_VERSION" 2>&1 | grep -v "^WARNING: Location" >&2; } || true
  "$TIPG_VENV/bin/python" -c "import tipg, uvicorn" 2>/dev/null || {
    echo "error: could not install tipg $TIPG_VERSION into $TIPG_VENV (is PyPI reachable?)" >&2
    return 1
  }
}

tipg_start() {
  local port="${1:?usage: tipg_start PORT DATABASE_URL SCHEMA [WORKERS]}"
  local database_url="${2:?usage: tipg_start PORT DATABASE_URL SCHEMA [WORKERS]}"
  local schema="${3:?usage: tipg_start PORT DATABASE_URL SCHEMA [WORKERS]}"
  local workers="${4:-2}"
  tipg_install || return 1
  if [ -n "$TIPG_PID" ] && kill -0 "$TIPG_PID" 2>/dev/null; then
    echo "error: tipg already running (pid $TIPG_PID); call tipg_stop first" >&2
    return 1
  fi
  # tipg (asyncpg) wants postgresql://; the project's URLs say postgis://.
  database_url="postgresql://${database_url#*://}"
  # Only SCHEMA's tables, no SQL functions as collections, and pages up to 10,000 features like our server.
  env DATABASE_URL="$database_url" \
    TIPG_DB_SCHEMAS="[\"$schema\"]" \
    TIPG_DB_FUNCTIONS="[]" \
    TIPG_DB_EXCLUDE_FUNCTION_SCHEMAS="[\"public\", \"$schema\"]" \
    TIPG_DB_ONLY_SPATIAL_TABLES=true \
    TIPG_MAX_FEATURES_PER_QUERY=10000 \
    TIPG_DEBUG=false \
    "$TIPG_VENV/bin/uvicorn" tipg.main:app --host 127.0.0.1 --port "$port" --workers "$workers" \
    --log-level warning --no-access-log >"${TIPG_LOG:-/dev/null}" 2>&1 &
  TIPG_PID=$!
  local tries=0
  until curl -fs -o /dev/null "http://127.0.0.1:$port/collections"; do
    if ! kill -0 "$TIPG_PID" 2>/dev/null; then
      echo "error: tipg exited during start-up (set TIPG_LOG=/path to see why)" >&2
      TIPG_PID=""
      return 1
    fi
    tries=$((tries + 1))
    if [ "$tries" -gt 120 ]; then
      echo "error: tipg did not answer on port $port within 60 s" >&2
      tipg_stop
      return 1
    fi
    sleep 0.5
  done
}

tipg_stop() {
  # uvicorn's supervisor stops its workers on SIGTERM; only the pid this shell started is signalled.
  if [ -n "$TIPG_PID" ]; then
    kill "$TIPG_PID" 2>/dev/null
    wait "$TIPG_PID" 2>/dev/null
    TIPG_PID=""
  fi
  return 0
}
