"""The monthly pack: three files written atomically into a folder, progress per step, one journal event, the
optional lock; refusals (permission, future month, month before any data, unfinished month to lock, folder
that cannot be written) are French and write nothing."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from centre_app.domain.errors import DomainError, message
from centre_app.models.database import Database
from centre_app.models.system import EventEntry
from centre_app.services import monthly_pack, payments, periods, stock
from centre_app.services.context import Actor, PermissionDenied
from centre_app.services.payments import PaymentDraft
from centre_app.services.stock import ReceptionDraft
from tests.services.stock_helpers import Refs, line, make_refs, tx

MARCH_2 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MARCH_20 = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
APRIL_5 = datetime(2026, 4, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def march(db: Database, clerk: Actor, manager: Actor) -> Refs:
    """A purchase on credit on 2 March and a customer's advance on 20 March."""
    refs = make_refs(db, manager)
    with tx(db, clerk, MARCH_2) as s:
        stock.record_reception(
            s, ReceptionDraft(refs.centre, (line(refs, "TOURTEAU", 20, price=7_500),), supplier_id=refs.supplier,
                              payable_due_date=date(2026, 4, 1)),
        )  # fmt: skip
    with tx(db, clerk, MARCH_20) as s:
        payments.record_payment(s, PaymentDraft("REC", 25_000, "especes", "Avance", party_id=refs.customer))
    return refs


def _events(db: Database, actor: Actor) -> list[tuple[str, dict]]:
    with db.reading(actor) as s:
        rows = s.execute(select(EventEntry.kind, EventEntry.detail).order_by(EventEntry.seq)).all()
    return [(kind, json.loads(detail)) for kind, detail in rows]


def test_the_pack_writes_three_files_reports_progress_and_journals_once(
    db: Database, accountant: Actor, march: Refs, tmp_path: Path
) -> None:
    folder = tmp_path / "Documents" / "Centre"  # created
    steps: list[tuple[str, int, int]] = []
    before = len(_events(db, accountant))
    with tx(db, accountant, APRIL_5) as s:
        result = monthly_pack.write_monthly_pack(s, "2026-03", folder, progress=lambda *a: steps.append(a))
    assert result.files == (
        folder / "synthese-2026-03.pdf",
        folder / "synthese-2026-03.xlsx",
        folder / "ecritures-2026-03.csv",
    )
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in result.files)  # no .tmp left
    assert result.pdf.read_bytes().startswith(b"%PDF")
    sheets = openpyxl.load_workbook(result.xlsx, read_only=True).sheetnames
    assert {"Écritures", "Balance", "Journaux"} <= set(sheets)
    csv = result.csv.read_bytes()
    assert csv.startswith(b"\xef\xbb\xbfJournalCode;")
    assert len(csv.decode("utf-8-sig").splitlines()) == result.lines + 1
    assert result.entries >= 2 and result.debit == result.credit > 0
    assert (result.locked_now, result.was_locked, result.locked) == (False, False, False)
    assert [x[1:] for x in steps] == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    assert steps[0][0] == "Écritures comptables (FEC)" and steps[-1][0] == "Dossier du mois terminé"
    new = _events(db, accountant)[before:]
    packs = [d for k, d in new if k == "export" and d.get("kind") == "dossier"]
    assert len(packs) == 1
    assert packs[0]["files"] == ["synthese-2026-03.pdf", "synthese-2026-03.xlsx", "ecritures-2026-03.csv"]
    assert packs[0]["entries"] == result.entries and packs[0]["locked"] is False


def test_the_pack_can_lock_the_month_and_write_windows_1252(
    db: Database, manager: Actor, march: Refs, tmp_path: Path
) -> None:
    with tx(db, manager, APRIL_5) as s:
        result = monthly_pack.write_monthly_pack(s, "2026-03", tmp_path, encoding="cp1252", lock=True)
    assert (result.locked_now, result.locked) == (True, True)
    assert not result.csv.read_bytes().startswith(b"\xef\xbb\xbf")
    result.csv.read_bytes().decode("cp1252")
    with db.reading(manager) as s:
        assert periods.is_locked(s, "2026-03")
    # Again: the month was already locked; the files are replaced.
    with tx(db, manager, APRIL_5) as s:
        again = monthly_pack.write_monthly_pack(s, "2026-03", tmp_path, lock=True)
    assert (again.locked_now, again.was_locked) == (False, True)
    assert again.csv.read_bytes().startswith(b"\xef\xbb\xbf")


def test_pack_months_run_from_the_first_document_to_this_month(db: Database, clerk: Actor, march: Refs) -> None:
    with tx(db, clerk, datetime(2026, 6, 15, tzinfo=UTC)) as s:
        assert monthly_pack.first_data_day(s) == date(2026, 3, 2)
        assert monthly_pack.pack_months(s) == [date(2026, m, 1) for m in (6, 5, 4, 3)]


def test_no_data_no_month(db: Database, clerk: Actor) -> None:
    with tx(db, clerk, APRIL_5) as s:
        assert monthly_pack.pack_months(s) == []


def _refused(db: Database, actor: Actor, folder: Path, month: str, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as err, tx(db, actor, APRIL_5) as s:
        monthly_pack.write_monthly_pack(s, month, folder, **kwargs)
    assert not folder.exists()  # nothing written, not even the folder
    return err.value


def test_refusals_are_french_and_write_nothing(
    db: Database, clerk: Actor, accountant: Actor, march: Refs, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    before = _events(db, accountant)
    err = _refused(db, clerk, folder, "2026-03")
    assert isinstance(err, PermissionDenied)
    err = _refused(db, accountant, folder, "2026-05")
    assert message(err) == "Le mois de mai 2026 n'a pas encore commencé : aucun dossier ne peut être généré pour lui."
    err = _refused(db, accountant, folder, "2026-02")
    assert err.code == "report.before_data"
    assert message(err).startswith(
        "Le mois de février 2026 est antérieur au premier document enregistré (le 02/03/2026)"
    )
    err = _refused(db, accountant, folder, "2026-04", lock=True)  # April is not finished on 5 April
    assert err.code == "period.not_finished"
    err = _refused(db, accountant, folder, "2026-13")
    assert err.code == "period.invalid_month"
    err = _refused(db, accountant, folder, "2026-03", encoding="latin-1")
    assert err.code == "accounting.bad_encoding"
    assert _events(db, accountant) == before
    with db.reading(accountant) as s:
        assert not periods.is_locked(s, "2026-04")


def test_no_data_at_all_is_refused(db: Database, accountant: Actor, tmp_path: Path) -> None:
    err = _refused(db, accountant, tmp_path / "out", "2026-03")
    assert err.code == "report.no_data" and "Aucun document" in message(err)


def test_an_unwritable_folder_rolls_the_lock_back(db: Database, accountant: Actor, march: Refs, tmp_path: Path) -> None:
    blocker = tmp_path / "fichier"
    blocker.write_text("pas un dossier")
    with pytest.raises(DomainError) as err, tx(db, accountant, APRIL_5) as s:
        monthly_pack.write_monthly_pack(s, "2026-03", blocker / "Centre", lock=True)
    assert err.value.code == "report.write_failed"
    assert message(err.value).startswith(f"Impossible d'écrire « {blocker / 'Centre'} » :")
    with db.reading(accountant) as s:
        assert not periods.is_locked(s, "2026-03")


def test_a_failed_write_leaves_the_previous_files_whole(
    db: Database, accountant: Actor, march: Refs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "pack"
    with tx(db, accountant, APRIL_5) as s:
        first = monthly_pack.write_monthly_pack(s, "2026-03", folder)
    old = {p: p.read_bytes() for p in first.files}

    def cut(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(monthly_pack.os, "replace", cut)
    with pytest.raises(DomainError) as err, tx(db, accountant, APRIL_5) as s:
        monthly_pack.write_monthly_pack(s, "2026-03", folder, encoding="cp1252")
    assert "plus de place sur le disque" in message(err.value)
    assert {p: p.read_bytes() for p in first.files} == old
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in first.files)  # temporaries removed
