#!/usr/bin/env bash
# Do every missing set-up step: system packages, .venv, front-end assets, translations, database, demo data.
# Usage: scripts/setup.sh run|test   (test also needs a browser for the end-to-end tests)
set -euo pipefail
cd "$(dirname "$0")/.."
purpose="${1:-run}"
VENV=.venv
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

system_packages() {
  local missing=()
  # PostGIS and pgRouting go into the local server; a DATABASE_URL on another host must bring its own.
  local db_host="127.0.0.1"
  [[ "${DATABASE_URL:-}" =~ @([^:/]+) ]] && db_host="${BASH_REMATCH[1]}"
  if [[ "$db_host" =~ ^(127\.0\.0\.1|localhost|::1)$ ]]; then
    [ -f /usr/share/postgresql/15/extension/postgis.control ] || missing+=(postgresql-15-postgis-3)
    [ -f /usr/share/postgresql/15/extension/pgrouting.control ] || missing+=(postgresql-15-pgrouting)
  fi
  ldconfig -p 2>/dev/null | grep -q 'libgdal\.so' || missing+=(gdal-bin libgdal-dev)
  command -v msgfmt >/dev/null || missing+=(gettext)
  command -v npm >/dev/null || missing+=(npm)
  # The IoT subscriber (make run) needs the MQTT broker; bench_iot publishes with mosquitto_pub.
  command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ] || missing+=(mosquitto)
  command -v mosquitto_pub >/dev/null || missing+=(mosquitto-clients)
  # Backups (pg_dump/pg_restore of PostgreSQL 15) and Vietnamese text in PDF reports (DejaVu Sans).
  [ -x /usr/lib/postgresql/15/bin/pg_dump ] || missing+=(postgresql-client-15)
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  if [ "$purpose" = test ]; then
    command -v chromium >/dev/null || missing+=(chromium)
    # Chromium's own controls (date and file inputs) in Vietnamese: its vi locale comes in chromium-l10n.
    [ -f /usr/lib/chromium/locales/vi.pak ] || missing+=(chromium-l10n)
    command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
    # make topology: PgBouncer in transaction pooling and Redis for the web nodes' sessions and cache.
    [ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
    command -v redis-server >/dev/null || missing+=(redis-server)
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: missing system packages. Run as root: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  say "Installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

python_env() {
  local stamp="$VENV/.requirements-$(cat requirements.txt requirements-dev.txt requirements-nodeps.txt | sha1sum | cut -c1-12)"
  [ -f "$stamp" ] && return 0
  if [ ! -x "$VENV/bin/python" ]; then
    local py; py=$(scripts/find_python.sh)
    say "Creating $VENV with $py"
    "$py" -m venv "$VENV"
  fi
  say "Installing pinned Python packages"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r requirements-dev.txt
  "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps -r requirements-nodeps.txt
  rm -f "$VENV"/.requirements-* && touch "$stamp"
}

frontend_assets() {
  local stamp="vendor/.lock-$(cat package-lock.json scripts/vendor_assets.sh | sha1sum | cut -c1-12)"
  [ -f "$stamp" ] && return 0
  say "Installing front-end packages from the npm registry"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  scripts/vendor_assets.sh node_modules vendor
  touch "$stamp"
}

translations() {
  local po mo
  for po in locale/*/LC_MESSAGES/django.po locale/third_party/*/LC_MESSAGES/django*.po; do
    [ -f "$po" ] || continue
    mo="${po%.po}.mo"
    if [ ! -f "$mo" ] || [ "$po" -nt "$mo" ]; then msgfmt --check -o "$mo" "$po"; fi
  done
}

static_files() {
  # With DEBUG off the pages name fingerprinted files (STORAGES in config/settings.py) that only collectstatic
  # writes, with their gzip and brotli copies; WhiteNoise serves them from DJANGO_STATIC_ROOT.
  local debug="${DJANGO_DEBUG:-0}"
  case "${debug,,}" in 1|true|yes|on) return 0 ;; esac
  say "Collecting fingerprinted, precompressed static files"
  "$VENV/bin/python" manage.py collectstatic --noinput --verbosity 0
}

database() {
  if [ -z "${DATABASE_URL:-}" ] && ! pg_isready -q -h 127.0.0.1 -p 5432; then
    say "Starting the local PostgreSQL cluster"
    pg_ctlcluster --skip-systemctl-redirect 15 main start
    for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  "$VENV/bin/python" manage.py ensure_database
  "$VENV/bin/python" manage.py migrate --noinput -v 0
  "$VENV/bin/python" manage.py load_demo
}

system_packages
python_env
frontend_assets
translations
static_files
database
