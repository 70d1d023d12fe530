#!/usr/bin/env bash
# Keep one long-running command alive: start it again whenever it exits, after a short pause that grows while it
# keeps failing fast (1, 2, 4 … 30 s). Stops, with the command, on SIGTERM or SIGINT.
# Usage: scripts/supervise.sh NAME COMMAND [ARG ...]     (make run uses it for each worker)
set -uo pipefail
name="$1"; shift
child=""
trap 'stopping=1; [ -n "$child" ] && kill "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0' TERM INT
stopping=0
pause=1
while [ "$stopping" -eq 0 ]; do
  started=$(date +%s)
  "$@" & child=$!
  wait "$child"; status=$?
  child=""
  [ "$stopping" -eq 1 ] && break
  # A run that lasted a minute was healthy: start the next one quickly again.
  if [ $(( $(date +%s) - started )) -ge 60 ]; then pause=1; fi
  echo "supervise: $name exited with status $status; starting it again in ${pause} s" >&2
  sleep "$pause" & wait $!
  pause=$(( pause < 30 ? pause * 2 : 30 ))
done
