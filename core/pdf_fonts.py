"""The one font setup of every PDF the platform writes: planning sheets, quick reports and periodic reports.

The fonts must carry Vietnamese letters (ALERTS_REPORT_FONT / ALERTS_REPORT_BOLD_FONT: Debian's DejaVu Sans by
default); they are registered with reportlab once per process under the names FONT and BOLD.
"""

from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from core.errors import InvalidInput

FONT, BOLD = "IOC-Sans", "IOC-Sans-Bold"


def register_fonts() -> None:
    """Register the report fonts with reportlab, once; raise InvalidInput naming the settings if unreadable."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    try:
        pdfmetrics.registerFont(TTFont(FONT, str(settings.ALERTS_REPORT_FONT)))
        pdfmetrics.registerFont(TTFont(BOLD, str(settings.ALERTS_REPORT_BOLD_FONT)))
    except (TTFError, OSError):
        raise InvalidInput(
            f"The report fonts {settings.ALERTS_REPORT_FONT} and {settings.ALERTS_REPORT_BOLD_FONT} cannot be read; "
            "install Debian's fonts-dejavu-core or set ALERTS_REPORT_FONT / ALERTS_REPORT_BOLD_FONT."
        ) from None
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
