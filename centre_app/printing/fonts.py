"""The embedded TrueType fonts (DejaVu Sans, shipped in resources/fonts with its licence) and their registration."""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from centre_app.resources import resource

__all__ = ["FONT", "FONT_BOLD", "FONT_FILES", "FONT_OBLIQUE", "register_fonts"]

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_OBLIQUE = "DejaVuSans-Oblique"
FONT_FILES: dict[str, str] = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_OBLIQUE: "DejaVuSans-Oblique.ttf",
}


@cache
def register_fonts() -> None:
    """Register the embedded DejaVu Sans faces with reportlab (once; later calls do nothing).

    The base-14 PDF fonts have no U+202F (babel's French thousands separator) and no « œ »
    in every viewer: an embedded TrueType font is the only way to get every glyph everywhere.
    """
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in FONT_FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(resource("fonts", filename))))
    # <b>/<i> inside a Paragraph look the faces up through the family; no bold oblique is shipped.
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_OBLIQUE, boldItalic=FONT_BOLD)
