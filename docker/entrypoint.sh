#!/bin/sh
# Container entry point. `migrate`: create the database if missing and apply migrations (one-shot service).
# `web`: copy the collected static files into the shared volume, then serve with gunicorn. Anything else runs as given.
set -eu
cd "$(dirname "$0")/.."
case "${1:-web}" in
  migrate)
    python manage.py ensure_database
    exec python manage.py migrate --noinput
    ;;
  web)
    # The static volume is shared with nginx and must follow the running image: copy what the build collected
    # (fingerprinted names, .gz and .br copies, the manifest), without compressing everything again.
    # Outside the image (no build folder), collect them here.
    build="${STATIC_BUILD_DIR:-/app/static-build}"
    if [ -d "$build" ]; then
      cp -R "$build/." "${DJANGO_STATIC_ROOT:-/srv/static}/"
    else
      python manage.py collectstatic --noinput --verbosity 0
    fi
    exec gunicorn config.wsgi --config docker/gunicorn.conf.py --bind "${GUNICORN_BIND:-0.0.0.0:8000}"
    ;;
  *)
    exec "$@"
    ;;
esac
