"""The application opens a database already at head without importing Alembic (PRODUCT.md §15, start-up): the
head is read from the revision files, and must be the one Alembic finds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from centre_app.models import migrate


def test_the_head_read_from_the_files_is_alembics() -> None:
    alembic_head = ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()
    assert migrate._head_from_files() == alembic_head == migrate.head_revision()


def test_an_unreadable_revision_file_leaves_the_choice_to_alembic(tmp_path: Path, monkeypatch) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "0001_a.py").write_text("revision = '0001'\ndown_revision = None\n", encoding="utf-8")
    (versions / "0002_b.py").write_text(
        "revision: str = '0002'\ndown_revision: str | None = '0001'\n", encoding="utf-8"
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", tmp_path)
    assert migrate._head_from_files() == "0002"
    (versions / "0003_c.py").write_text("revision = make_id()\ndown_revision = '0002'\n", encoding="utf-8")
    assert migrate._head_from_files() is None


def test_opening_a_database_at_head_does_not_import_alembic(tmp_path: Path) -> None:
    path = tmp_path / "centre.db"
    migrate.open_database(path).dispose()
    code = (
        "import sys; from centre_app.models.migrate import open_database; "
        f"open_database({str(path)!r}, create=False).dispose(); print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
