"""Gunicorn settings for the web container: workers from the environment, logs as JSON lines."""

import sys
from pathlib import Path

# Gunicorn reads this file before it imports the app, so the project must be importable from here.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config.env import env_int, env_str

workers = env_int("GUNICORN_WORKERS", 3)
# Threads (gthread workers): a request waiting on PostGIS (a tile, an OGC page) does not hold a whole process,
# and connections are kept alive. Django is thread-safe; each thread keeps its own database connection.
threads = env_int("GUNICORN_THREADS", 4)
timeout = env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
# Only nginx reaches this port (docker-compose.yml publishes none for web), so its forwarded headers are trusted.
forwarded_allow_ips = "*"
errorlog = "-"
# The runtime control socket would live in $HOME, which the app user cannot write; nothing uses it.
control_socket_disable = True

if env_str("LOG_FORMAT", "json") == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
        "root": {"handlers": ["console"], "level": "INFO"},
        "loggers": {
            "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }
