"""JSON log lines for production: one object a line, easy for log shippers."""

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else on a record came from logger.x(..., extra={...}).
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
_CORE = ("time", "level", "logger", "message")


class JsonFormatter(logging.Formatter):
    """Format a log record as a single JSON object: time, level, logger, message, extras, exception."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD:
                # An extra must not overwrite a core field, so a clashing one is kept under a prefixed name.
                payload[f"extra_{key}" if key in _CORE else key] = value
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            payload["stack"] = self.formatStack(record.stack_info)
        # ensure_ascii=False keeps Vietnamese readable; json escapes newlines, so a traceback stays on one line.
        return json.dumps(payload, ensure_ascii=False, default=str)
