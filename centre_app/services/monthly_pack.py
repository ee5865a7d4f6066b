"""The « dossier du mois » (PRODUCT.md §9) in one call: the synthesis PDF, the workbook XLSX and the journal
entries file (FEC) of a month written into one folder, optionally locking the month.

``write_monthly_pack(session, "2026-10", Path("…/Centre"))`` writes ``synthese-2026-10.pdf``,
``synthese-2026-10.xlsx`` and ``ecritures-2026-10.csv``. Everything is computed in memory first (the lock,
when asked, is taken first, inside the caller's transaction, so the synthesis shows the month as locked),
then each file is written beside its final name as ``….tmp`` and moved over it: a power cut or a full USB
key never leaves a half-written file, and a refusal writes nothing. A file that cannot be written is a
French :class:`DomainError` (the transaction is rolled back: no lock without its files).

Journaled as one « export » event of kind « dossier » (the entries export journals its own « ecritures »
event and the lock its « period.lock », as they do from the command line).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from centre_app.domain.accounting import of_month
from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_date, format_month
from centre_app.domain.periods import Period
from centre_app.domain.permissions import Action
from centre_app.models.cash import Due, Payment
from centre_app.models.livestock import LivestockContract, LivestockStockMove
from centre_app.models.stock import Order, StockMovement
from centre_app.services import accounting_export, monthly_report, monthly_workbook
from centre_app.services.context import now, require
from centre_app.services.events import record_event

Progress = Callable[[str, int, int], None]

# The steps reported to ``progress(label, done, total)`` (French: shown as is under the progress bar).
STEPS: tuple[str, ...] = (
    "Écritures comptables (FEC)",
    "Synthèse PDF",
    "Classeur XLSX",
    "Enregistrement des fichiers",
)
DONE_LABEL = "Dossier du mois terminé"

_OS_REASONS: dict[int, str] = {
    errno.ENOENT: "dossier introuvable (clé USB retirée ?)",
    errno.EACCES: "accès refusé (fichier ouvert dans Excel ou un lecteur PDF ?)",
    errno.EPERM: "opération non permise",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EROFS: "support en lecture seule (clé USB protégée ?)",
    errno.EEXIST: "un fichier porte déjà ce nom",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.ENAMETOOLONG: "nom trop long",
}


@dataclass(frozen=True)
class PackResult:
    month: str  # AAAA-MM
    folder: Path
    pdf: Path
    xlsx: Path
    csv: Path
    encoding: str
    entries: int
    lines: int
    debit: int
    credit: int  # equals debit: every entry is balanced
    replaced: tuple[str, ...]  # characters Windows-1252 lacks, replaced in the entries file
    locked_now: bool  # this pack locked the month
    was_locked: bool  # the month was already locked

    @property
    def files(self) -> tuple[Path, Path, Path]:
        return (self.pdf, self.xlsx, self.csv)

    @property
    def locked(self) -> bool:
        return self.locked_now or self.was_locked


def pack_names(month: str) -> tuple[str, str, str]:
    """File names of the pack of ``month`` (AAAA-MM): PDF, XLSX, CSV."""
    return (f"synthese-{month}.pdf", f"synthese-{month}.xlsx", f"ecritures-{month}.csv")


def first_data_day(session: Session) -> date | None:
    """The earliest business date of any document (cash, stock, orders, dues, livestock), or ``None``."""
    require(session, Action.READ)
    columns = (
        Payment.business_date, StockMovement.business_date, Order.order_date, Due.issued_on,
        LivestockContract.contract_date, LivestockStockMove.business_date,
    )  # fmt: skip
    days = [d for d in (session.scalar(select(func.min(c))) for c in columns) if d is not None]
    return min(days) if days else None


def pack_months(session: Session) -> list[date]:
    """First days of the months a pack can be made for, newest first: from the month of the first document to
    the current month (a month in progress gives a provisional pack; it cannot be locked)."""
    first = first_data_day(session)
    if first is None:
        return []
    current = Period.month_of(now(session).astimezone(UTC).date())
    out, period = [], Period.month_of(first)
    while period.start <= current.start:
        out.append(period.start)
        period = period.shifted_months(1)
    return out[::-1]


def _check_month(session: Session, period: Period) -> None:
    name = of_month(format_month(period.start))
    today = now(session).astimezone(UTC).date()
    if period.start > today:
        raise DomainError("report.future_month", month=name)
    first = first_data_day(session)
    if first is None:
        raise DomainError("report.no_data")
    if period.end <= first:
        raise DomainError("report.before_data", month=name, first=format_date(first))


def _os_reason(error: OSError) -> str:
    return _OS_REASONS.get(error.errno or 0, f"erreur du système n° {error.errno}")


def _write_all(files: list[tuple[Path, bytes]]) -> None:
    """Write every file as ``name.tmp`` (flushed to the disk), then move each over its final name."""
    temps: list[Path] = []
    target = files[0][0]
    try:
        for path, content in files:
            target = path
            tmp = path.with_name(path.name + ".tmp")
            temps.append(tmp)
            with tmp.open("wb") as fh:
                fh.write(content)
                fh.flush()
                os.fsync(fh.fileno())
        for (path, _content), tmp in zip(files, temps, strict=True):
            target = path
            os.replace(tmp, path)
    except OSError as error:
        raise DomainError("report.write_failed", path=str(target), reason=_os_reason(error)) from error
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)


def write_monthly_pack(
    session: Session,
    month: Period | str,
    folder: Path,
    *,
    encoding: str = "utf-8-sig",
    lock: bool = False,
    progress: Progress | None = None,
) -> PackResult:
    """Write the month's synthesis PDF, workbook and entries file into ``folder`` (created if missing); with
    ``lock``, lock the month too (refused, with nothing written, if it is not finished). ``Action.EXPORT``."""
    require(session, Action.EXPORT)
    period = Period.parse_month(month) if isinstance(month, str) else month
    if not period.is_month:
        raise DomainError("period.invalid_month", value=str(month))
    if encoding not in ("utf-8-sig", "cp1252"):
        raise DomainError("accounting.bad_encoding", encoding=encoding)
    _check_month(session, period)
    label = f"{period.start:%Y-%m}"
    total = len(STEPS)

    def step(done: int) -> None:
        if progress is not None:
            progress(STEPS[done] if done < total else DONE_LABEL, done, total)

    step(0)
    fec = accounting_export.export_entries(session, period, encoding, lock=lock)
    step(1)
    pdf = monthly_report.monthly_pdf(session, period)
    step(2)
    xlsx = monthly_workbook.monthly_workbook(session, period)
    step(3)
    folder = Path(folder)
    pdf_name, xlsx_name, csv_name = pack_names(label)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DomainError("report.write_failed", path=str(folder), reason=_os_reason(error)) from error
    paths = (folder / pdf_name, folder / xlsx_name, folder / csv_name)
    _write_all(list(zip(paths, (pdf, xlsx, fec.content), strict=True)))
    record_event(
        session, "export",
        {"kind": "dossier", "month": label, "folder": str(folder), "files": [pdf_name, xlsx_name, csv_name],
         "encoding": encoding, "entries": fec.entries, "digest": fec.digest,
         "locked": fec.locked_now or fec.was_locked},
    )  # fmt: skip
    step(total)
    return PackResult(
        label, folder, *paths, encoding, fec.entries, fec.lines, fec.debit, fec.credit, fec.replaced, fec.locked_now,
        fec.was_locked,
    )  # fmt: skip
