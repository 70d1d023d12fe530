#!/usr/bin/env bash
# Print the path of a Python 3.12 interpreter, or explain how to get one and fail.
set -euo pipefail
want="3.12"
is_312() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null; }
for candidate in "${PYTHON:-}" python3.12 python3 python; do
  [ -n "$candidate" ] || continue
  path=$(command -v "$candidate" 2>/dev/null) || continue
  if is_312 "$path"; then echo "$path"; exit 0; fi
done
if command -v pyenv >/dev/null 2>&1; then
  for version in $(pyenv versions --bare 2>/dev/null | grep -E "^${want//./\\.}(\.|$)" | sort -rV); do
    path="$(pyenv prefix "$version")/bin/python$want"
    if [ -x "$path" ] && is_312 "$path"; then echo "$path"; exit 0; fi
  done
fi
echo "error: Python $want not found. Install it (e.g. 'pyenv install 3.12' or 'apt-get install python3.12') or set PYTHON=/path/to/python3.12." >&2
exit 1
