"""The embedded fonts: shipped with their licence, registered once, and covering every glyph French documents use."""

from __future__ import annotations

from datetime import date

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from centre_app.domain.formatting import format_date_long, format_money, pdf_safe
from centre_app.printing.fonts import FONT, FONT_BOLD, FONT_FILES, FONT_OBLIQUE, register_fonts
from centre_app.resources import resource

# Characters printed documents are made of, beyond ASCII: babel's spaces, French quotes and
# accents (capitals included), the euro, the typographic apostrophe, dashes, and the Fulfulde
# letters pdf_safe lets through in names.
REQUIRED = "\u202f\u00a0«»€’‘“”–—…°•№éèêëàâäçôöîïùûüÿœæÉÈÊËÀÂÄÇÔÖÎÏÙÛÜŸŒÆɓɗŋƴƁƊŊƳ"


def _missing(path: str, text: str) -> list[str]:
    face = TTFont("probe", path).face
    return [f"U+{ord(ch):04X} {ch}" for ch in dict.fromkeys(text) if ord(ch) not in face.charToGlyph]


@pytest.mark.parametrize("filename", sorted(FONT_FILES.values()))
def test_every_required_glyph_is_in_the_font(filename: str) -> None:
    path = resource("fonts", filename)
    assert path.is_file()
    ascii_printable = "".join(chr(c) for c in range(0x20, 0x7F))
    assert _missing(str(path), REQUIRED + ascii_printable) == []


@pytest.mark.parametrize("filename", sorted(FONT_FILES.values()))
def test_what_formatting_produces_has_glyphs(filename: str) -> None:
    samples = [
        format_money(1_250_500),
        format_money(125_050, "MAD", "fr_MA"),
        format_money(1_234_567, "EUR", "fr_FR"),
        format_date_long(date(2026, 2, 22)),
        format_date_long(date(2026, 8, 22)),
        format_date_long(date(2026, 12, 22)),
        pdf_safe("Arrêté à la somme de quatre-vingt-dix mille francs CFA — reçu n° 12 « payé »"),
    ]
    assert _missing(str(resource("fonts", filename)), "".join(samples)) == []


def test_licence_is_shipped_with_the_fonts() -> None:
    text = resource("fonts", "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream Vera" in text
    assert "DejaVu changes are in public domain" in text
    assert "Arev" in text


def test_registration_is_idempotent() -> None:
    register_fonts()
    first = {name: pdfmetrics.getFont(name) for name in (FONT, FONT_BOLD, FONT_OBLIQUE)}
    register_fonts()
    assert all(pdfmetrics.getFont(name) is font for name, font in first.items())
    assert pdfmetrics.getFont(FONT).face.name  # a real TrueType face, not a fallback
