"""Text helpers for names typed by clerks: search keys without accents, tidy spacing."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def tidy(text: str | None) -> str:
    """Trim and collapse inner spaces (« Diallo   Amadou » → « Diallo Amadou »)."""
    return _SPACES.sub(" ", (text or "").strip())


def search_key(*parts: str | None) -> str:
    """Lower case, accents and ligatures removed: « Aïssata Bœuf » → « aissata boeuf »."""
    joined = " ".join(tidy(p) for p in parts if p)
    joined = joined.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    decomposed = unicodedata.normalize("NFKD", joined)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
