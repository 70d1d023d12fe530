#!/usr/bin/env bash
# The project's own MQTT broker (Debian's mosquitto) with the project's configuration, never the machine's own.
# Usage: scripts/broker.sh start PORT DIR   start it (if not running) on 127.0.0.1:PORT, data and log in DIR
#        scripts/broker.sh stop DIR         stop the broker started with that DIR
# The settings are docker/mosquitto.conf's (persistent sessions, a queue large enough for a long subscriber outage);
# only the listener, the data folder and the log differ.
set -euo pipefail
cd "$(dirname "$0")/.."
action="${1:?usage: scripts/broker.sh start PORT DIR | stop DIR}"
MOSQUITTO=$(command -v mosquitto || echo /usr/sbin/mosquitto)

case "$action" in
  start)
    port="${2:?port}" dir="${3:?folder}"
    mkdir -p "$dir"; dir=$(cd "$dir" && pwd)
    if [ -f "$dir/mosquitto.pid" ] && kill -0 "$(cat "$dir/mosquitto.pid")" 2>/dev/null; then exit 0; fi
    # Loopback only, so no accounts: the compose broker's password and ACL lines are left out.
    sed -e "s|^listener .*|listener $port 127.0.0.1|" \
        -e "s|^allow_anonymous .*|allow_anonymous true|" -e "/^password_file /d" -e "/^acl_file /d" \
        -e "s|^persistence_location .*|persistence_location $dir/|" \
        -e "s|^log_dest .*|log_dest file $dir/mosquitto.log|" \
        docker/mosquitto.conf > "$dir/mosquitto.conf"
    echo "pid_file $dir/mosquitto.pid" >> "$dir/mosquitto.conf"
    [ "$(id -u)" -eq 0 ] && echo "user root" >> "$dir/mosquitto.conf"  # keep access to DIR when started as root
    "$MOSQUITTO" -c "$dir/mosquitto.conf" -d
    for _ in $(seq 50); do
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && exit 0
      sleep 0.1
    done
    echo "error: the MQTT broker did not start on 127.0.0.1:$port; see $dir/mosquitto.log" >&2
    exit 1
    ;;
  stop)
    dir="${2:?folder}"
    [ -f "$dir/mosquitto.pid" ] && kill "$(cat "$dir/mosquitto.pid")" 2>/dev/null || true
    ;;
  *) echo "usage: scripts/broker.sh start PORT DIR | stop DIR" >&2; exit 2 ;;
esac
