"""The one translation mechanism of the UI: English source strings, catalogues in i18n/<lang>.po.

    from centre_app.views.i18n import _, N_
    label = QLabel(_("Customer"))            # translated now
    COLUMNS = (("name", N_("Name")),)        # marked for extraction, translated when shown: _(title)

Catalogues are read with babel at start-up (no compile step to forget); the test suite fails when a
marked string has no French translation (tests/views/test_i18n.py). Importing babel's .po reader and parsing
every catalogue costs about a fifth of a second, most of a bare window's start: what was read is kept in the
user's cache folder as JSON, keyed by the name, size and date of every .po file, and read from there at the next
start (PRODUCT.md §15, start-up). A changed or added catalogue changes the key; a cache that cannot be read or
written is simply not used.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from centre_app.resources import resources_dir

CACHE_FORMAT = 1

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
    files = catalog_files(language)
    key = [CACHE_FORMAT, *([p.name, st.st_size, st.st_mtime_ns] for p in files for st in [p.stat()])]
    cache = cache_file(language)
    cached = _read_cache(cache, key)
    if cached is not None:
        return cached
    out = read_catalogs(files, language)
    _write_cache(cache, key, out)
    return out


def read_catalogs(files: list[Path], language: str) -> dict[str, str]:
    """The translations of ``files`` read with babel (untranslated and fuzzy entries left out)."""
    from babel.messages.pofile import read_po

    out: dict[str, str] = {}
    for path in files:
        with path.open("rb") as fh:
            catalog = read_po(fh, locale=language)
        out.update({str(m.id): str(m.string) for m in catalog if m.id and m.string and not m.fuzzy})
    return out


def cache_file(language: str) -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("CentreServices", appauthor=False)) / f"catalogue-{language}.json"


def _read_cache(path: Path, key: list[object]) -> dict[str, str] | None:
    try:
        with path.open(encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):  # no cache yet, or a damaged one: the catalogues are read again
        return None
    if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("messages"), dict):
        return None
    return data["messages"]  # type: ignore[no-any-return]


def _write_cache(path: Path, key: list[object], messages: dict[str, str]) -> None:
    """Written beside, then renamed: a reader never sees half a file. A cache that cannot be written is skipped."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps({"key": key, "messages": messages}, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


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
