"""Secrets removed from any text before it is stored or logged: tokens, passwords and keys in JSON or form text."""

import re

REDACTED = "[redacted]"
SECRET_NAMES = ("token", "secret", "password", "passwd", "api_key", "apikey", "access_key", "authorization")
_NAMES = "|".join(SECRET_NAMES)
# "token": "…" in JSON (a string cut short by truncation included) and token=… in form or query text.
_JSON = re.compile(rf'("(?:{_NAMES})"\s*:\s*)"(?:[^"\\]|\\.)*("|$)', re.IGNORECASE)
_JSON_BARE = re.compile(rf'("(?:{_NAMES})"\s*:\s*)(?!")[^,}}\]\s]+', re.IGNORECASE)
_FORM = re.compile(rf"\b((?:{_NAMES})=)[^&\s]*", re.IGNORECASE)


def redact(text: str) -> str:
    """Return text with the value of every secret-named field replaced by a marker."""
    text = _JSON.sub(lambda m: f'{m.group(1)}"{REDACTED}"', text)
    text = _JSON_BARE.sub(lambda m: f'{m.group(1)}"{REDACTED}"', text)
    return _FORM.sub(lambda m: f"{m.group(1)}{REDACTED}", text)
