#!/usr/bin/env bash
# Regenerate the Vietnamese catalogue from every app's source, compile it, and count what is left to translate.
# Usage: scripts/messages.sh [extra makemessages options, e.g. --ignore='alerts/*']
# Exit status: 0 every entry translated; 1 some entries are untranslated or fuzzy (listed); 2 a tool failed.
# Environment: PYTHON (default .venv/bin/python); settings come from config.settings as for manage.py.
set -uo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-.venv/bin/python}"
PO=locale/vi/LC_MESSAGES/django.po
JS_PO=locale/vi/LC_MESSAGES/djangojs.po
# Generated, vendored or test-only trees: never a source of user-facing messages.
IGNORES=(--ignore=.venv --ignore=node_modules --ignore=vendor --ignore=tests --ignore=test-artifacts
  --ignore=staticfiles --ignore=media)
export DJANGO_DEBUG="${DJANGO_DEBUG:-1}"

fail() { echo "error: $*" >&2; exit 2; }
for tool in msgfmt msgmerge msgattrib xgettext; do
  command -v "$tool" >/dev/null || fail "$tool is missing; install Debian's gettext (scripts/setup.sh does)."
done
[ -x "$PY" ] || command -v "$PY" >/dev/null || fail "$PY not found; run scripts/setup.sh or set PYTHON."
mkdir -p locale/vi/LC_MESSAGES

"$PY" manage.py makemessages -l vi --no-obsolete "${IGNORES[@]}" "$@" || fail "makemessages failed."

# The map and lookup scripts get their texts translated from the server; a djangojs catalogue exists only
# once some JavaScript calls gettext itself.
js_sources=$(grep -rlE --include='*.js' '\b(n|p|np)?gettext\(' \
  --exclude-dir=.venv --exclude-dir=node_modules --exclude-dir=vendor --exclude-dir=tests \
  --exclude-dir=test-artifacts --exclude-dir=staticfiles --exclude-dir=media . || true)
catalogues=("$PO")
if [ -n "$js_sources" ]; then
  "$PY" manage.py makemessages -d djangojs -l vi --no-obsolete "${IGNORES[@]}" "$@" || fail "makemessages -d djangojs failed."
  catalogues+=("$JS_PO")
fi

count() { grep -oE "[0-9]+ $1" <<<"$stats" | grep -oE '^[0-9]+' || echo 0; }
status=0
for po in "${catalogues[@]}"; do
  stats=$(LC_ALL=C msgfmt --check --statistics -o "${po%.po}.mo" "$po" 2>&1) || { echo "$stats" >&2; fail "$po does not compile."; }
  translated=$(count translated) fuzzy=$(count fuzzy) untranslated=$(count untranslated)
  echo "$po: $translated translated, $untranslated untranslated, $fuzzy fuzzy."
  if [ "$untranslated" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
    status=1
    echo "Translate these in $po (and remove their fuzzy flags):"
    # msgattrib prints the header entry before its matches; drop it (everything up to the first blank line).
    msgattrib --untranslated --no-wrap "$po" | sed '1,/^$/d'
    msgattrib --only-fuzzy --no-wrap "$po" | sed '1,/^$/d'
  fi
done
exit "$status"
