"""The journal entries file of a month in the 18-column FEC layout (PRODUCT.md §9), optionally locking the
month in the same transaction. Journaled as an « export » event.

File: a header line then one line per entry line, « ; » separated, CRLF line ends, UTF-8 with BOM
(``utf-8-sig``) or Windows-1252 (``cp1252``, where letters the code page lacks are replaced as
``domain.accounting.to_cp1252`` documents, and reported). Amounts without thousands separator in the
currency's unit, both Debit and Credit filled (0 on the unused side); dates AAAAMMJJ; EcritureLet and
DateLet empty (lettering is the accountant's); ValidDate = the entry's date (documents are validated
when made); Montantdevise and Idevise empty (amounts are in the centre's currency).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from centre_app.domain.accounting import FEC_COLUMNS, encode_fec, fec_amount, fec_date, fec_text
from centre_app.domain.errors import DomainError
from centre_app.domain.periods import Period
from centre_app.domain.permissions import Action
from centre_app.services import accounting, periods
from centre_app.services.context import require
from centre_app.services.events import record_event


@dataclass(frozen=True)
class FecExport:
    month: str  # AAAA-MM
    encoding: str
    content: bytes
    entries: int
    lines: int
    debit: int
    credit: int
    replaced: tuple[str, ...]  # characters Windows-1252 lacks, replaced in the file
    locked_now: bool  # this export locked the month
    was_locked: bool  # the month was already locked
    digest: str


def fec_lines(m: accounting.MonthEntries) -> list[list[str]]:
    """The file's rows as text (header first)."""
    rows = [list(FEC_COLUMNS)]
    for x in m.lines:
        rows.append(
            [
                fec_text(x.journal_code), fec_text(x.journal_label), x.entry_number, fec_date(x.entry_date),
                fec_text(x.account), fec_text(x.account_label), fec_text(x.aux_code), fec_text(x.aux_name),
                fec_text(x.piece_ref), fec_date(x.piece_date), fec_text(x.label), fec_amount(x.debit, m.exponent),
                fec_amount(x.credit, m.exponent), "", "", fec_date(x.valid_date), "", "",
            ]
        )  # fmt: skip
    return rows


def fec_content(m: accounting.MonthEntries) -> str:
    return "".join(";".join(row) + "\r\n" for row in fec_lines(m))


def export_entries(
    session: Session, month: Period | str, encoding: str = "utf-8-sig", *, lock: bool = False
) -> FecExport:
    """The month's entries file; with ``lock``, the month is locked too (refused if it is not finished)."""
    require(session, Action.EXPORT)
    period = Period.parse_month(month) if isinstance(month, str) else month
    if encoding not in ("utf-8-sig", "cp1252"):
        raise DomainError("accounting.bad_encoding", encoding=encoding)
    m = accounting.month_entries(session, period)
    content, replaced = encode_fec(fec_content(m), encoding)
    was_locked = periods.is_locked(session, period)
    locked_now = False
    if lock and not was_locked:
        periods.lock_month(session, period)
        locked_now = True
    label = f"{period.start:%Y-%m}"
    record_event(
        session, "export",
        {"kind": "ecritures", "month": label, "encoding": encoding, "lines": len(m.lines), "digest": m.digest,
         "locked": locked_now or was_locked},
    )  # fmt: skip
    return FecExport(
        label, encoding, content, len(m.entries), len(m.lines), m.debit, m.credit, replaced, locked_now, was_locked,
        m.digest,
    )  # fmt: skip
