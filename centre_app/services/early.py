"""What the login dialog needs, read before SQLAlchemy is imported (PRODUCT.md §15, start-up).

A clerk double-clicks and sees the login dialog as soon as a bare window would appear: the centre's name and the
language are read here with the standard ``sqlite3`` module, read-only; everything heavy (SQLAlchemy, the
services, the screens) is loaded and the database opened while the name and password are typed
(views/early_start.py). Anything unusual — a server URL, no file, a schema to upgrade, no user yet, a file that
cannot be read — gives ``None``: the application then opens the database the usual way, which explains the
problem or runs the upgrade or the setup wizard.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from centre_app.models.locations import head_from_files, is_url

_WANTED = ("centre.name", "ui.language")


@dataclass(frozen=True)
class EarlyFacts:
    centre_name: str
    language: str


def peek(target: str | Path) -> EarlyFacts | None:
    """The centre's name and language of a database file at the code's schema version that has users; else None."""
    if is_url(target):
        return None
    path = Path(target)
    head = head_from_files()
    if head is None or not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            versions = conn.execute("SELECT version_num FROM alembic_version").fetchall()
            has_users = conn.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None
            values = dict(conn.execute("SELECT key, value FROM settings WHERE key IN (?, ?)", _WANTED).fetchall())
        finally:
            conn.close()
    except sqlite3.Error:  # the usual opening says what is wrong with the file
        return None
    if versions != [(head,)] or not has_users:
        return None
    try:
        name = json.loads(values.get("centre.name") or "null")
        language = json.loads(values.get("ui.language") or '"fr"')
    except ValueError:
        return None
    if not isinstance(name, str) or not name.strip() or not isinstance(language, str):
        return None
    return EarlyFacts(name, language)
