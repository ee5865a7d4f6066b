"""Where a database is: a file path or a server URL (standard library only, so the application's start and the
command line can read it before SQLAlchemy is imported — PRODUCT.md §15, start-up)."""

from __future__ import annotations

import re
from pathlib import Path

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_REVISION = re.compile(r"^(down_revision|revision)\s*(?::[^=\n]*)?=\s*['\"]?(\w+|None)['\"]?\s*$", re.MULTILINE)


def is_url(target: str | Path) -> bool:
    return "://" in str(target)


def database_url(target: str | Path) -> str:
    """A SQLAlchemy URL: a file path becomes ``sqlite:///…``; ``postgresql://`` gets the psycopg 3 driver."""
    text = str(target)
    for scheme in POSTGRES_SCHEMES:
        if text.startswith(scheme):
            return "postgresql+psycopg://" + text.removeprefix(scheme)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).resolve().as_posix()}"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def is_postgresql(url: str) -> bool:
    return url.startswith("postgresql")


def display_name(target: str | Path) -> str:
    """What a user is shown for a database: the file path, or the URL without its password."""
    if not is_url(target):
        return str(target)
    from sqlalchemy.engine import make_url

    try:
        url = make_url(str(target))
    except Exception:  # an unreadable URL is shown as typed, minus anything after the user name
        return str(target).split("@")[-1]
    return url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)


def head_from_files(migrations_dir: Path = MIGRATIONS_DIR) -> str | None:
    """The schema version the code expects, read from the revision files themselves (one chain), or None when
    any file cannot be read plainly (then Alembic decides)."""
    revisions, parents = set(), set()
    try:
        for path in (migrations_dir / "versions").glob("*.py"):
            found = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
            if "revision" not in found or "down_revision" not in found:
                return None
            revisions.add(found["revision"])
            parents.add(found["down_revision"])
    except OSError:
        return None
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None
