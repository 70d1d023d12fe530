#!/bin/sh
# Container entry point. `migrate`: create the database if missing and apply migrations (one-shot service).
# `web`: collect static files into the shared volume, then serve with gunicorn. Anything else runs as given.
set -eu
cd "$(dirname "$0")/.."
case "${1:-web}" in
  migrate)
    python manage.py ensure_database
    exec python manage.py migrate --noinput
    ;;
  web)
    # At start, not at build: the static volume is shared with nginx and must follow the running image.
    python manage.py collectstatic --noinput --verbosity 0
    exec gunicorn config.wsgi --config docker/gunicorn.conf.py --bind "${GUNICORN_BIND:-0.0.0.0:8000}"
    ;;
  *)
    exec "$@"
    ;;
esac
