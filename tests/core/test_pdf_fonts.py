"""One font setup for every PDF: Vietnamese letters in the planning sheet, quick reports and periodic reports."""

import pytest
from django.test import override_settings
from reportlab.pdfbase import pdfmetrics

from core.errors import InvalidInput
from core.pdf_fonts import BOLD, FONT, register_fonts


def test_the_report_fonts_are_registered_once_with_vietnamese_letters() -> None:
    register_fonts()
    register_fonts()
    assert {FONT, BOLD} <= set(pdfmetrics.getRegisteredFontNames())
    face = pdfmetrics.getFont(FONT).face
    assert all(ord(letter) in face.charToGlyph for letter in "Khánh Hòa ưởng đạt")


def test_an_unreadable_font_is_refused_naming_the_settings_to_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdfmetrics, "getRegisteredFontNames", lambda: [])
    with override_settings(ALERTS_REPORT_FONT="/nonexistent/font.ttf"), pytest.raises(InvalidInput, match="FONT"):
        register_fonts()


@pytest.mark.parametrize("module", ["planning.sheet", "alerts.quick_report", "reports.pdf"])
def test_every_pdf_writer_uses_the_one_font_setup(module: str) -> None:
    imported = __import__(module, fromlist=["FONT"])
    assert imported.FONT == FONT and imported.BOLD == BOLD
    assert not hasattr(imported, "_fonts")
