#!/usr/bin/env bash
# Compile the Vietnamese catalogue together with locale/pending/*.po (translations not yet merged into django.po).
# Usage: scripts/pending_messages.sh   — writes locale/vi/LC_MESSAGES/django.mo; django.po itself is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
PO=locale/vi/LC_MESSAGES/django.po
shopt -s nullglob
pending=(locale/pending/*.po)
if [ ${#pending[@]} -eq 0 ]; then msgfmt --check -o "${PO%.po}.mo" "$PO"; exit 0; fi
msgcat --use-first "$PO" "${pending[@]}" | msgfmt --check -o "${PO%.po}.mo" -
