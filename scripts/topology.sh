#!/usr/bin/env bash
# A primary, a streaming replica and PgBouncer (transaction pooling) on this machine, apart from any other cluster:
#   scripts/topology.sh up     creates and starts them (primary TOPOLOGY_PRIMARY_PORT, replica TOPOLOGY_REPLICA_PORT,
#                              PgBouncer TOPOLOGY_POOLER_PORT in front of the primary)
#   scripts/topology.sh down   stops PgBouncer and drops both clusters
# Used by tests/topology/ and bench/replica.sh. Needs root (pg_createcluster) and Debian's postgresql-15 and pgbouncer.
set -euo pipefail

VERSION=15
PRIMARY=ioctopo-primary
REPLICA=ioctopo-replica
PRIMARY_PORT=${TOPOLOGY_PRIMARY_PORT:-5441}
REPLICA_PORT=${TOPOLOGY_REPLICA_PORT:-5442}
POOLER_PORT=${TOPOLOGY_POOLER_PORT:-6441}
RUN_DIR=${TOPOLOGY_DIR:-/tmp/ioc-topology}
# Small on purpose: the machine's PostgreSQL connections and memory are shared.
MAX_CONNECTIONS=40
POOL_SIZE=12

as_postgres() { runuser -u postgres -- "$@"; }

configure() {
  local cluster=$1
  shift
  printf '%s\n' "$@" >"/etc/postgresql/$VERSION/$cluster/conf.d/topology.conf"
}

up() {
  down quiet
  command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ] || { echo "pgbouncer is missing: apt-get install -y pgbouncer" >&2; exit 1; }
  pg_createcluster "$VERSION" "$PRIMARY" -p "$PRIMARY_PORT" -- --auth=trust >/dev/null
  configure "$PRIMARY" listen_addresses="'127.0.0.1'" max_connections=$MAX_CONNECTIONS shared_buffers=32MB \
    wal_level=replica max_wal_senders=4 hot_standby=on synchronous_commit=on
  echo "host replication postgres 127.0.0.1/32 trust" >>"/etc/postgresql/$VERSION/$PRIMARY/pg_hba.conf"
  pg_ctlcluster "$VERSION" "$PRIMARY" start

  # The replica: a base backup of the primary that keeps streaming from it (-R writes primary_conninfo).
  pg_createcluster "$VERSION" "$REPLICA" -p "$REPLICA_PORT" -- --auth=trust >/dev/null
  configure "$REPLICA" listen_addresses="'127.0.0.1'" max_connections=$MAX_CONNECTIONS shared_buffers=32MB hot_standby=on
  local data=/var/lib/postgresql/$VERSION/$REPLICA
  find "$data" -mindepth 1 -delete
  as_postgres pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$data" -R -X stream -c fast
  pg_ctlcluster "$VERSION" "$REPLICA" start

  # PgBouncer, transaction pooling, in front of the primary (it refuses to run as root).
  mkdir -p "$RUN_DIR"
  chown postgres: "$RUN_DIR"
  echo '"postgres" ""' >"$RUN_DIR/userlist.txt"
  cat >"$RUN_DIR/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$PRIMARY_PORT
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $POOLER_PORT
unix_socket_dir =
auth_type = trust
auth_file = $RUN_DIR/userlist.txt
pool_mode = transaction
default_pool_size = $POOL_SIZE
max_client_conn = 400
ignore_startup_parameters = extra_float_digits,options
logfile = $RUN_DIR/pgbouncer.log
pidfile = $RUN_DIR/pgbouncer.pid
INI
  as_postgres pgbouncer -d -q "$RUN_DIR/pgbouncer.ini"
  for _ in $(seq 50); do
    pg_isready -q -h 127.0.0.1 -p "$POOLER_PORT" && pg_isready -q -h 127.0.0.1 -p "$REPLICA_PORT" && break
    sleep 0.2
  done
  pg_isready -h 127.0.0.1 -p "$POOLER_PORT" >/dev/null
  echo "primary 127.0.0.1:$PRIMARY_PORT, replica 127.0.0.1:$REPLICA_PORT, pgbouncer 127.0.0.1:$POOLER_PORT"
}

down() {
  if [ -f "$RUN_DIR/pgbouncer.pid" ]; then
    kill "$(cat "$RUN_DIR/pgbouncer.pid")" 2>/dev/null || true
    rm -f "$RUN_DIR/pgbouncer.pid"
  fi
  for cluster in "$REPLICA" "$PRIMARY"; do
    if pg_lsclusters -h | awk -v v="$VERSION" -v c="$cluster" '$1 == v && $2 == c {found=1} END {exit !found}'; then
      pg_dropcluster --stop "$VERSION" "$cluster"
    fi
  done
  [ "${1:-}" = quiet ] || echo "topology removed"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
