#!/bin/sh
# Write PgBouncer's account file from the database password (never stored in the image), then run it in the foreground.
set -eu
: "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}"
umask 077
printf '"ioc" "%s"\n' "$POSTGRES_PASSWORD" >/tmp/pgbouncer-userlist.txt
exec pgbouncer /etc/pgbouncer/pgbouncer.ini
