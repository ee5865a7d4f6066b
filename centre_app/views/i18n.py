"""The one translation mechanism of the UI: English source strings, catalogues in i18n/<lang>.po.

    from centre_app.views.i18n import _, N_
    label = QLabel(_("Customer"))            # translated now
    COLUMNS = (("name", N_("Name")),)        # marked for extraction, translated when shown: _(title)

Catalogues are read with babel at start-up (no compile step to forget); the test suite fails when a
marked string has no French translation (tests/views/test_i18n.py).
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

from centre_app.resources import resources_dir

LANGUAGES = {"fr": "Français", "en": "English"}


class _State:
    language = "fr"
    catalog: dict[str, str] = {}  # noqa: RUF012 - one process-wide catalogue, replaced whole


def i18n_dir() -> Path:
    # Beside resources/ both in the source tree and in the PyInstaller bundle.
    return resources_dir().parent / "i18n"


def catalog_files(language: str) -> list[Path]:
    """One .po file per screen module (i18n/fr/parties_page.po …), so screens are translated separately."""
    folder = i18n_dir() / language
    return sorted(folder.glob("*.po")) if folder.is_dir() else []


def load_catalog(language: str) -> dict[str, str]:
    if language == "en":
        return {}
    out: dict[str, str] = {}
    for path in catalog_files(language):
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=language)
        out.update({str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy})
    return out


def extract_messages(views_dir: Path | None = None) -> dict[str, list[tuple[str, int]]]:
    """Every string marked with _() or N_() in the views: message -> [(module, line)]."""
    from babel.messages.extract import extract

    folder = views_dir or Path(__file__).resolve().parent
    found: dict[str, list[tuple[str, int]]] = {}
    # The composition root shows a few messages too (database that cannot be opened…).
    for path in [*sorted(folder.rglob("*.py")), folder.parent / "app.py"]:
        with path.open("rb") as fh:
            for lineno, message, _comments, _context in extract("python", fh, keywords={"_": None, "N_": None}):
                if isinstance(message, str) and message:
                    found.setdefault(message, []).append((path.stem, lineno))
    return found


def set_language(language: str) -> None:
    _State.language = language if language in LANGUAGES else "fr"
    _State.catalog = load_catalog(_State.language)


def language() -> str:
    return _State.language


def _(text: str) -> str:
    return _State.catalog.get(text, text)


def N_(text: str) -> str:
    return text


set_language("fr")
