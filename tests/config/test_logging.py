"""Production logs are one JSON object a line, Vietnamese kept readable."""

import json
import logging
import sys
from typing import Any

import pytest

from config.logging import JsonFormatter
from tests.config.support import production_env, run_python

_LOG_A_LINE = """
import logging
import django
django.setup()
log = logging.getLogger("ioc.ops")
log.warning("Cảnh báo sạt lở tại %s", "xã Khánh Sơn", extra={"alert_id": 42, "agency": "Sở Nông nghiệp và Môi trường"})
try:
    raise ValueError("Mực nước vượt báo động 3")
except ValueError:
    log.exception("Lỗi khi chuyển cảnh báo")
"""


def _record(message: str = "hello", *, exc_info: Any = None, **extra: Any) -> logging.LogRecord:
    return logging.getLogger("ioc.test").makeRecord(
        "ioc.test", logging.WARNING, __file__, 1, message, (), exc_info, extra=extra or None
    )


def _json_lines(text: str) -> list[dict[str, Any]]:
    lines = [line for line in text.splitlines() if line.strip()]
    return [json.loads(line) for line in lines]


def test_formatter_writes_time_level_logger_and_message() -> None:
    line = JsonFormatter().format(_record("Phường Nha Trang"))
    assert "\n" not in line
    payload = json.loads(line)
    assert list(payload) == ["time", "level", "logger", "message"]
    assert payload["level"] == "WARNING"
    assert payload["logger"] == "ioc.test"
    assert payload["message"] == "Phường Nha Trang"
    assert payload["time"].endswith("+00:00")


def test_formatter_keeps_vietnamese_unescaped() -> None:
    line = JsonFormatter().format(_record("Đặc khu Trường Sa"))
    assert "Đặc khu Trường Sa" in line
    assert "\\u" not in line


def test_formatter_adds_extras_and_stringifies_what_json_cannot_hold() -> None:
    payload = json.loads(JsonFormatter().format(_record(alert_id=7, commune="xã Cam Lâm", seen={1})))
    assert payload["alert_id"] == 7
    assert payload["commune"] == "xã Cam Lâm"
    assert payload["seen"] == "{1}"


def test_an_extra_cannot_overwrite_a_core_field() -> None:
    payload = json.loads(JsonFormatter().format(_record("real", level="fake", logger="fake")))
    assert (payload["level"], payload["logger"]) == ("WARNING", "ioc.test")
    assert (payload["extra_level"], payload["extra_logger"]) == ("fake", "fake")


def test_formatter_puts_a_traceback_on_the_same_line() -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        line = JsonFormatter().format(_record("failed", exc_info=sys.exc_info()))
    assert "\n" not in line
    payload = json.loads(line)
    assert payload["exception"].startswith("Traceback (most recent call last):")
    assert "RuntimeError: boom" in payload["exception"]


@pytest.mark.parametrize("log_format", ["json", None])
def test_production_logs_are_json_lines(log_format: str | None) -> None:
    # json is also the default when DEBUG is off.
    result = run_python(_LOG_A_LINE, production_env(LOG_FORMAT=log_format))
    assert result.returncode == 0, result.stderr
    lines = _json_lines(result.stdout + result.stderr)  # every line must parse, or this fails
    ours = [line for line in lines if line["logger"] == "ioc.ops"]
    assert len(ours) == 2
    warning, error = ours
    assert warning["message"] == "Cảnh báo sạt lở tại xã Khánh Sơn"
    assert (warning["level"], warning["alert_id"], warning["agency"]) == ("WARNING", 42, "Sở Nông nghiệp và Môi trường")
    assert error["level"] == "ERROR"
    assert "ValueError: Mực nước vượt báo động 3" in error["exception"]
    assert "Cảnh báo sạt lở" in result.stderr  # written as UTF-8, not \\u escapes


def test_development_logs_are_text() -> None:
    result = run_python(_LOG_A_LINE, production_env(DJANGO_DEBUG="1"))
    assert result.returncode == 0, result.stderr
    assert "WARNING ioc.ops Cảnh báo sạt lở tại xã Khánh Sơn" in result.stderr
    with pytest.raises(json.JSONDecodeError):
        _json_lines(result.stderr)
