"""Bad settings from the environment stop start-up with a message naming the variable."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_database, env_int, env_list, env_str
from tests.config.support import production_env, run_python

_SETUP = "import django; django.setup()"


def _start_up_error(env: dict[str, str]) -> str:
    result = run_python(_SETUP, env)
    assert result.returncode != 0, "start-up should have failed"
    assert "ImproperlyConfigured" in result.stderr
    return result.stderr.strip().splitlines()[-1]


def test_production_settings_start_up() -> None:
    result = run_python(_SETUP, production_env())
    assert result.returncode == 0, result.stderr


def test_a_non_boolean_debug_flag_stops_start_up() -> None:
    assert "DJANGO_DEBUG='maybe'" in _start_up_error(production_env(DJANGO_DEBUG="maybe"))


def test_an_unknown_log_format_stops_start_up() -> None:
    assert "LOG_FORMAT='xml'" in _start_up_error(production_env(LOG_FORMAT="xml"))


@pytest.mark.parametrize("url", ["postgis://postgres@127.0.0.1:5432", "postgis://postgres@127.0.0.1:5432/"])
def test_a_database_url_without_a_database_name_stops_start_up(url: str) -> None:
    message = _start_up_error(production_env(DATABASE_URL=url))
    assert "DATABASE_URL=" in message
    assert "names no database" in message


def test_a_database_url_with_an_unknown_scheme_stops_start_up() -> None:
    assert "DATABASE_URL is not a valid database URL" in _start_up_error(production_env(DATABASE_URL="ioc-db:5432"))


def test_a_missing_secret_key_stops_production_start_up() -> None:
    assert "DJANGO_SECRET_KEY is required" in _start_up_error(production_env(DJANGO_SECRET_KEY=None))


def test_missing_allowed_hosts_stop_production_start_up() -> None:
    assert "DJANGO_ALLOWED_HOSTS is required" in _start_up_error(production_env(DJANGO_ALLOWED_HOSTS=None))


def test_a_non_integer_connection_age_stops_start_up() -> None:
    assert "DATABASE_CONN_MAX_AGE='forever'" in _start_up_error(production_env(DATABASE_CONN_MAX_AGE="forever"))


def test_development_needs_no_secret_key() -> None:
    result = run_python(_SETUP, production_env(DJANGO_DEBUG="1", DJANGO_SECRET_KEY=None, DJANGO_ALLOWED_HOSTS=None))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("Yes", True), (" on ", True), ("0", False), ("false", False), ("off", False)],
)
def test_env_bool_reads_the_usual_spellings(monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool) -> None:
    monkeypatch.setenv("IOC_TEST_FLAG", raw)
    assert env_bool("IOC_TEST_FLAG", not expected) is expected


def test_env_bool_refuses_other_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOC_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="IOC_TEST_FLAG='maybe' is not a boolean"):
        env_bool("IOC_TEST_FLAG", False)


def test_helpers_use_the_default_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IOC_TEST_VALUE", raising=False)
    assert env_bool("IOC_TEST_VALUE", True) is True
    assert env_int("IOC_TEST_VALUE", 7) == 7
    assert env_str("IOC_TEST_VALUE", "fallback") == "fallback"
    assert env_list("IOC_TEST_VALUE", ["a"]) == ["a"]


@pytest.mark.parametrize("reader", [env_bool, env_int, env_str, env_list])
def test_helpers_refuse_a_missing_required_variable(monkeypatch: pytest.MonkeyPatch, reader: object) -> None:
    monkeypatch.delenv("IOC_TEST_VALUE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="IOC_TEST_VALUE is required but not set"):
        reader("IOC_TEST_VALUE")  # type: ignore[operator]


def test_env_int_refuses_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOC_TEST_VALUE", "12a")
    with pytest.raises(ImproperlyConfigured, match="IOC_TEST_VALUE='12a' is not an integer"):
        env_int("IOC_TEST_VALUE", 0)
    monkeypatch.setenv("IOC_TEST_VALUE", "-3")
    assert env_int("IOC_TEST_VALUE", 0) == -3


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOC_TEST_VALUE", " ioc.khanhhoa.gov.vn, ,localhost,")
    assert env_list("IOC_TEST_VALUE") == ["ioc.khanhhoa.gov.vn", "localhost"]


def test_env_database_reads_a_postgis_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOC_TEST_DB", "postgis://ioc:s3cret@db:5433/ioc")
    config = env_database("IOC_TEST_DB", "postgis://unused/unused")
    assert config["ENGINE"] == "django.contrib.gis.db.backends.postgis"
    assert (config["NAME"], config["USER"], config["PASSWORD"], config["HOST"], config["PORT"]) == (
        "ioc",
        "ioc",
        "s3cret",
        "db",
        5433,
    )


def test_env_database_refuses_a_url_without_a_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOC_TEST_DB", "postgis://ioc@db:5432")
    with pytest.raises(ImproperlyConfigured, match=r"IOC_TEST_DB=.* names no database"):
        env_database("IOC_TEST_DB", "postgis://unused/unused")


def test_env_database_refuses_an_unknown_scheme(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOC_TEST_DB", "db:5432/ioc")
    with pytest.raises(ImproperlyConfigured, match="IOC_TEST_DB is not a valid database URL"):
        env_database("IOC_TEST_DB", "postgis://unused/unused")
