"""Exit 0 when gunicorn in this container answers /healthz with 200: the compose health check of web."""

import os
import sys
import urllib.error
import urllib.request


def _host() -> str:
    """Return a host name the app accepts: the first of DJANGO_ALLOWED_HOSTS."""
    first = os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",")[0].strip().lstrip(".")
    return "localhost" if first in {"", "*"} else first


def main() -> int:
    """Ask /healthz the way nginx would and report the outcome."""
    port = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[-1]
    # The forwarded scheme spares the HTTPS redirect the app gives plain HTTP, as nginx's header does.
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz", headers={"Host": _host(), "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - fixed http URL on the loopback
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as exc:
        print(f"/healthz answered {exc.code}: {exc.read().decode('utf-8', 'replace')}", file=sys.stderr)
    except OSError as exc:
        print(f"/healthz unreachable: {exc}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
