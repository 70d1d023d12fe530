"""The Vietnamese catalogue: it compiles, it is complete, it covers the source, and pages speak Vietnamese first."""

import io
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from gis_core import demo
from tests.i18n.po import Entry, parse

# Every test here reads the product as visitors get it: Vietnamese unless they ask otherwise.
pytestmark = pytest.mark.vietnamese

ROOT = Path(settings.BASE_DIR)
CATALOGUE_PATH = Path("locale") / "vi" / "LC_MESSAGES" / "django.po"
CATALOGUE = ROOT / CATALOGUE_PATH
COMPILED = CATALOGUE.with_suffix(".mo")

# Top-level folders whose every message the catalogue must translate. A new app starts in
# APPS_AWAITING_TRANSLATION; once scripts/messages.sh has run over it and its messages are translated,
# move it to APPS_TRANSLATED.
APPS_TRANSLATED = (
    "accounts",
    "agencies",
    "alert_rules",
    "alerts",
    "audit",
    "backups",
    "config",
    "core",
    "datahub",
    "delivery",
    "fieldreports",
    "gis_core",
    "imports",
    "indicators",
    "iot",
    "layers",
    "ogc_api",
    "ogc_pygeoapi",
    "planning",
    "portal",
    "reports",
    "roads",
    "search",
    "sectors",
    "services",
    "tiles",
)
APPS_AWAITING_TRANSLATION: tuple[str, ...] = ()

# What scripts/messages.sh never reads; left out of the copy it runs on.
NOT_SOURCE = (".git", ".venv", "node_modules", "vendor", "tests", "test-artifacts", "staticfiles", "media")
NOT_SOURCE_FILES = ("__pycache__", ".*_cache", "*.mo", "*.pyc")

# Translations allowed to equal their msgid: symbols and units, the same in both languages.
SAME_IN_BOTH = {
    "#RRGGBB", "km²", "%(area)s m²", "URL", "PDF", "SHA-256", "Khánh Hòa, %(time)s",
    # The official names of the air and water quality indices (Decisions 1459 and 1460/QĐ-TCMT), in both languages.
    "VN_AQI", "VN_WQI", "%(name)s: VN_AQI %(aqi)d (%(rating)s)", "%(name)s: VN_WQI %(wqi)d (%(rating)s)",
}  # fmt: skip
# python-format and str.format placeholders, and the escaped percent sign.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]|\{[^{}]*\}")

TITLE_VI = "Trung tâm Giám sát, điều hành thông minh tỉnh Khánh Hòa"
TITLE_EN = "Khánh Hòa Intelligent Operations Center"
OUTSIDE = {"lon": "107.5", "lat": "12.0"}  # west of the province, in Đắk Lắk / Lâm Đồng
OUTSIDE_VI = (
    "Không có đơn vị hành chính nào của tỉnh Khánh Hòa chứa điểm kinh độ 107.500000, vĩ độ 12.000000: "
    "điểm này nằm ngoài địa bàn tỉnh."
)
OUTSIDE_EN = "No unit of Khánh Hòa contains the point lon 107.500000, lat 12.000000: it lies outside the province."
# A message the test adds to a copy of the source, to prove that a new, untranslated message is caught.
PROBE_MSGID = "Probe message that no catalogue translates"


def _messages(entries: list[Entry]) -> list[Entry]:
    return [entry for entry in entries if not entry.is_header and not entry.obsolete]


def _folders(entry: Entry) -> set[str]:
    return {Path(path).parts[0] for path in entry.source_files}


def _describe(entries: list[Entry]) -> str:
    return "\n".join(f"  {entry.msgid!r} ({' '.join(entry.references)})" for entry in entries)


@pytest.fixture(scope="module")
def committed() -> list[Entry]:
    return parse(CATALOGUE)


# --- (a) The committed catalogue ------------------------------------------------------------------------------


def test_catalogue_compiles_with_msgfmt_check(tmp_path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(CATALOGUE)], capture_output=True, text=True
    )
    assert result.returncode == 0, f"msgfmt --check refuses {CATALOGUE_PATH}:\n{result.stderr}"


def test_every_entry_is_translated_and_none_is_fuzzy(committed: list[Entry]) -> None:
    untranslated = [entry for entry in _messages(committed) if not entry.translated]
    fuzzy = [entry for entry in committed if entry.fuzzy]
    assert untranslated == [], f"untranslated entries in {CATALOGUE_PATH}:\n{_describe(untranslated)}"
    assert fuzzy == [], f"fuzzy entries (check, then remove the flag) in {CATALOGUE_PATH}:\n{_describe(fuzzy)}"


def test_header_declares_vietnamese_in_utf8_with_one_plural_form(committed: list[Entry]) -> None:
    header = committed[0]
    assert header.is_header and not header.fuzzy
    fields = dict(line.split(": ", 1) for line in header.msgstr[0].splitlines() if ": " in line)
    assert fields["Language"] == "vi"
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Plural-Forms"] == "nplurals=1; plural=0;"
    plurals = [entry for entry in _messages(committed) if entry.msgid_plural is not None]
    assert all(len(entry.msgstr) == 1 for entry in plurals), _describe([e for e in plurals if len(e.msgstr) != 1])


def test_translations_keep_every_placeholder(committed: list[Entry]) -> None:
    broken = [
        f"  {entry.msgid!r}: {translation!r}"
        for entry in _messages(committed)
        for translation in entry.msgstr
        if sorted(PLACEHOLDER.findall(translation)) != sorted(PLACEHOLDER.findall(entry.msgid))
    ]
    assert broken == [], "translations that lose or add a placeholder:\n" + "\n".join(broken)


def test_translations_are_vietnamese_text_in_nfc(committed: list[Entry]) -> None:
    not_nfc = [
        text
        for entry in _messages(committed)
        for text in entry.msgstr
        if unicodedata.is_normalized("NFC", text) is False
    ]
    assert not_nfc == [], f"translations not in Unicode NFC: {not_nfc}"
    copied = [
        entry for entry in _messages(committed) if entry.msgid in entry.msgstr and entry.msgid not in SAME_IN_BOTH
    ]
    assert copied == [], f"entries whose 'translation' is the English text:\n{_describe(copied)}"


def test_compiled_catalogue_matches_the_committed_one(tmp_path: Path) -> None:
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(CATALOGUE)], check=True, capture_output=True)
    assert COMPILED.exists(), f"{COMPILED.relative_to(ROOT)} is missing: run scripts/setup.sh (or msgfmt)."
    assert COMPILED.read_bytes() == fresh.read_bytes(), (
        f"{COMPILED.relative_to(ROOT)} is older than {CATALOGUE_PATH}: run scripts/setup.sh (or scripts/messages.sh)."
    )


# --- (b) The catalogue covers the source ---------------------------------------------------------------------


@dataclass(frozen=True)
class Regenerated:
    """What scripts/messages.sh made of a copy of the source tree."""

    returncode: int
    output: str
    entries: list[Entry]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Regenerated:
    """Run scripts/messages.sh on a copy of the tree (plus one probe message), never on the real catalogue."""
    copy = tmp_path_factory.mktemp("i18n") / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*NOT_SOURCE, *NOT_SOURCE_FILES))
    probe = copy / "portal" / "templates" / "portal" / "i18n_probe.html"
    probe.write_text(f'{{% load i18n %}}{{% translate "{PROBE_MSGID}" %}}\n', encoding="utf-8")
    env = {**os.environ, "PYTHON": sys.executable, "DJANGO_DEBUG": "1"}
    result = subprocess.run(
        ["bash", "scripts/messages.sh"], cwd=copy, env=env, capture_output=True, text=True, timeout=300
    )
    output = result.stdout + result.stderr
    assert result.returncode in {0, 1}, f"scripts/messages.sh failed ({result.returncode}):\n{output}"
    return Regenerated(result.returncode, output, parse(copy / CATALOGUE_PATH))


def test_every_message_of_the_translated_apps_is_in_the_catalogue(regenerated: Regenerated) -> None:
    missing = [
        entry
        for entry in _messages(regenerated.entries)
        if entry.msgid != PROBE_MSGID
        and _folders(entry) & set(APPS_TRANSLATED)
        and not (entry.translated and not entry.fuzzy)
    ]
    assert missing == [], (
        f"messages of {', '.join(APPS_TRANSLATED)} that {CATALOGUE_PATH} does not translate; run scripts/messages.sh "
        f"and translate them:\n{_describe(missing)}"
    )


def test_a_new_untranslated_message_is_caught(regenerated: Regenerated) -> None:
    (probe,) = [entry for entry in _messages(regenerated.entries) if entry.msgid == PROBE_MSGID]
    assert probe.source_files == {"portal/templates/portal/i18n_probe.html"}
    assert probe.fuzzy or not probe.translated
    assert regenerated.returncode == 1
    assert PROBE_MSGID in regenerated.output and "untranslated" in regenerated.output


def test_the_catalogue_holds_no_message_the_source_lost(committed: list[Entry], regenerated: Regenerated) -> None:
    in_source = {entry.key for entry in _messages(regenerated.entries)}
    stale = [entry for entry in _messages(committed) if entry.key not in in_source]
    assert stale == [], f"entries of {CATALOGUE_PATH} no source uses any more (scripts/messages.sh drops them):\n" + (
        _describe(stale)
    )


def test_every_folder_with_messages_is_listed_as_translated_or_awaiting(regenerated: Regenerated) -> None:
    folders = set().union(*(_folders(entry) for entry in _messages(regenerated.entries)))
    unlisted = folders - set(APPS_TRANSLATED) - set(APPS_AWAITING_TRANSLATION)
    assert unlisted == set(), f"add {sorted(unlisted)} to APPS_TRANSLATED once its messages are translated"


# --- (c) Pages speak Vietnamese first, English on request -----------------------------------------------------


@pytest.fixture
def demo_units(db: None) -> None:
    """The province and its 65 demo units, rolled back with the test."""
    demo.load(io.StringIO())


def _outside_message(client: Client, **headers: str) -> str:
    response = client.get("/api/v1/units/at", OUTSIDE, headers=headers)
    assert response.status_code == 404, response.content
    return str(json.loads(response.content)["message"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "vietnamese", "english"),
    [
        ("/", "Bản đồ tỉnh Khánh Hòa", "Map of Khánh Hòa"),
        ("/planning/", "Tra cứu thông tin quy hoạch", "Planning information lookup"),
        ("/accounts/login/", "Đăng nhập Trung tâm IOC Khánh Hòa", "Sign in to the Khánh Hòa IOC"),
    ],
)
def test_key_pages_are_vietnamese_by_default(client: Client, path: str, vietnamese: str, english: str) -> None:
    html = client.get(path).content.decode()
    assert '<html lang="vi">' in html
    assert vietnamese in html and english not in html
    assert TITLE_VI in html and TITLE_EN not in html


@pytest.mark.django_db
def test_accept_language_en_renders_english(client: Client) -> None:
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in html
    assert TITLE_EN in html and "Map of Khánh Hòa" in html and TITLE_VI not in html


@pytest.mark.django_db
def test_language_cookie_en_renders_english_even_to_a_vietnamese_browser(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert '<html lang="en">' in html and TITLE_EN in html and TITLE_VI not in html


@pytest.mark.django_db
def test_the_language_switcher_sets_english_then_back_to_vietnamese(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert TITLE_EN in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert TITLE_VI in client.get("/").content.decode()


@pytest.mark.usefixtures("demo_units")
def test_a_point_outside_the_province_is_refused_in_vietnamese_by_default(client: Client) -> None:
    assert _outside_message(client) == OUTSIDE_VI


@pytest.mark.usefixtures("demo_units")
def test_a_point_outside_the_province_is_refused_in_english_on_request(client: Client) -> None:
    assert _outside_message(client, accept_language="en") == OUTSIDE_EN
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _outside_message(client) == OUTSIDE_EN
