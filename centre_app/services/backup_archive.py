"""Backup files: what a backup holds and how it is verified, without touching the live database.

A backup is a zip holding ``centre.db`` and ``manifest.json`` (application version, schema revision,
date, SHA-256 of the database, row count of every table). ``verify_backup`` refuses, with a French
message, a missing, truncated or altered zip, a zip that is not a backup of the application, a schema
newer than the application, a hash that differs from the manifest's, a database that fails the
integrity check, a broken hash chain or numbering series. ``services.backup`` makes and restores them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from centre_app.domain.backups import parse_backup_name
from centre_app.domain.errors import DomainError
from centre_app.models.migrate import known_revisions, open_database
from centre_app.services import integrity
from centre_app.services.context import SYSTEM

MANIFEST = "manifest.json"
DB_MEMBER = "centre.db"
FORMAT = 1
APPLICATION = "centre_app"
CHUNK = 1 << 20


@dataclass(frozen=True)
class BackupInfo:
    """A backup file and what its manifest says (checked by ``verify_backup`` when it says verified)."""

    path: Path
    created_at: datetime
    app_version: str
    schema_revision: str
    sha256: str
    db_size: int
    file_size: int
    centre_name: str
    row_counts: tuple[tuple[str, int], ...]
    removed: tuple[str, ...] = ()  # older backups deleted by rotation after this one was written

    def count(self, table: str) -> int:
        return dict(self.row_counts).get(table, 0)


@dataclass(frozen=True)
class BackupEntry:
    """A line of the backups list: read from the manifest only (cheap), not verified."""

    path: Path
    name: str
    created_at: datetime
    file_size: int
    app_version: str
    schema_revision: str
    centre_name: str
    problem: str  # French, empty when the manifest is readable


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def raw_facts(path: Path) -> tuple[str | None, dict[str, int], str]:
    """Schema revision, row count of every table and centre name, read without migrating anything."""
    con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        revision = None
        if "alembic_version" in tables:
            found = con.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = found[0] if found else None
        counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables if t != "alembic_version"}
        name = ""
        if "settings" in tables:
            found = con.execute("SELECT value FROM settings WHERE key = 'centre.name'").fetchone()
            with contextlib.suppress(ValueError, TypeError):
                name = json.loads(found[0]) if found else ""
        return revision, counts, str(name)
    finally:
        con.close()


def check_copy(path: Path) -> list[integrity.Defect]:
    """Open the copy as the application would and run the whole check on it."""
    db = open_database(path, create=False)
    try:
        with db.reading(SYSTEM) as session:
            return integrity.run_check(session)
    finally:
        db.dispose()


@contextlib.contextmanager
def _open_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    if not path.is_file():
        raise DomainError("backup.missing", path=str(path))
    try:
        with zipfile.ZipFile(path) as zf:
            yield zf
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise DomainError("backup.damaged", path=str(path), reason=_zip_reason(error)) from error


def _zip_reason(error: Exception) -> str:
    text = str(error)
    if "CRC" in text:
        return "contrôle CRC faux : le contenu a changé depuis l'écriture"
    if isinstance(error, EOFError | zlib.error):
        return "données compressées tronquées ou illisibles"
    if "not a zip file" in text:
        return "archive tronquée ou qui n'est pas un fichier zip"
    return "archive zip illisible"


def _manifest_of(zf: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    names = set(zf.namelist())
    if MANIFEST not in names or DB_MEMBER not in names:
        raise DomainError("backup.foreign", path=str(path))
    try:
        manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DomainError("backup.altered", path=str(path), reason="manifeste illisible") from error
    if not isinstance(manifest, dict) or manifest.get("application") != APPLICATION:
        raise DomainError("backup.foreign", path=str(path))
    return manifest


def _info(path: Path, manifest: dict[str, Any]) -> BackupInfo:
    try:
        counts = tuple(sorted((str(k), int(v)) for k, v in dict(manifest["row_counts"]).items()))
        return BackupInfo(
            path=path,
            created_at=datetime.fromisoformat(manifest["created_at"]),
            app_version=str(manifest["app_version"]),
            schema_revision=str(manifest["schema_revision"]),
            sha256=str(manifest["sha256"]),
            db_size=int(manifest["size"]),
            file_size=path.stat().st_size,
            centre_name=str(manifest.get("centre_name", "")),
            row_counts=counts,
        )
    except (KeyError, TypeError, ValueError) as error:
        raise DomainError("backup.altered", path=str(path), reason="manifeste incomplet") from error


def read_manifest(path: Path) -> BackupInfo:
    """What a backup says of itself (cheap: the database is not read). ``verify_backup`` checks it."""
    with _open_zip(path) as zf:
        return _info(path, _manifest_of(zf, path))


def member_sha256(path: Path, extract_to: Path | None = None) -> str:
    digest = hashlib.sha256()
    with _open_zip(path) as zf, zf.open(DB_MEMBER) as member:
        out = extract_to.open("wb") if extract_to is not None else None
        try:
            while block := member.read(CHUNK):  # zipfile checks the CRC at the end of the stream
                digest.update(block)
                if out is not None:
                    out.write(block)
        finally:
            if out is not None:
                out.close()
    return digest.hexdigest()


def verify_into(path: Path, folder: Path) -> tuple[BackupInfo, Path]:
    """Every check of ``verify_backup``; leaves the verified database in ``folder``."""
    info = read_manifest(path)
    if info.schema_revision not in known_revisions():
        raise DomainError("backup.too_new", path=str(path), revision=info.schema_revision)
    extracted = folder / DB_MEMBER
    if member_sha256(path, extracted) != info.sha256:
        raise DomainError("backup.hash_mismatch", path=str(path))
    try:
        revision, counts, _centre = raw_facts(extracted)
    except sqlite3.DatabaseError as error:
        raise DomainError("backup.damaged", path=str(path), reason="la base n'est pas lisible") from error
    if revision is None:
        raise DomainError("backup.foreign", path=str(path))
    if revision != info.schema_revision or counts != dict(info.row_counts):
        raise DomainError("backup.altered", path=str(path), reason="le manifeste ne décrit pas la base")
    try:
        defects = check_copy(extracted)
    except DomainError:
        raise
    except Exception as error:  # a damaged file fails on open or while being read
        reason = f"la base ne s'ouvre pas : {error.__class__.__name__}"
        raise DomainError("backup.damaged", path=str(path), reason=reason) from error
    if defects:
        raise DomainError("backup.defects", path=str(path), defect=defects[0].message)
    return info, extracted


def verify_backup(path: Path | str) -> BackupInfo:
    """Check a backup file completely; raises a French DomainError for any defect.

    Refused: a missing, truncated or altered zip, a zip that is not a backup of the application, a
    schema newer than the application, a database whose hash differs from the manifest's, a
    database that fails the integrity check, a broken hash chain or numbering series.
    """
    with tempfile.TemporaryDirectory(prefix="centre-verification-") as tmp:
        info, _db = verify_into(Path(path), Path(tmp))
        return info


def list_backups(folder: Path | str) -> list[BackupEntry]:
    """The backups in ``folder``, newest first, from their manifests (not verified: see verify_backup)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    out = []
    for path in folder.glob("*.zip"):
        stamp = parse_backup_name(path.name)
        if stamp is None:
            continue
        try:
            info = read_manifest(path)
            entry = BackupEntry(
                path, path.name, info.created_at, info.file_size, info.app_version, info.schema_revision,
                info.centre_name, "",
            )  # fmt: skip
        except DomainError as error:
            entry = BackupEntry(path, path.name, stamp, path.stat().st_size, "", "", "", str(error))
        out.append(entry)
    return sorted(out, key=lambda e: e.name, reverse=True)


def latest_verified_backup(*folders: Path | str) -> BackupInfo | None:
    """The newest backup of these folders that passes ``verify_backup`` (older ones are tried in turn)."""
    entries = sorted((e for f in folders for e in list_backups(f)), key=lambda e: e.name, reverse=True)
    for entry in entries:
        if entry.problem:
            continue
        try:
            return verify_backup(entry.path)
        except DomainError:
            continue
    return None
