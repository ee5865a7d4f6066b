"""Journal entries (écritures) and the FEC layout, without storage (PRODUCT.md §9).

An :class:`Entry` is what a module's source makes of one validated document: a journal, a date, the
document's number (PieceRef) and balanced lines on *mapping keys* (« clients », « caisse_especes »…),
never on account numbers: the export resolves keys through the office's mapping, so a change of the
mapping re-labels every month without touching a document.

FEC file: 18 columns separated by « ; », one line per entry line, dates ``AAAAMMJJ``, amounts in the
currency's unit without thousands separator (``1250500`` for XOF, ``1234,50`` for MAD). Text fields are
cleaned: « ; », tabs and ends of line become spaces (no quoting: accounting importers often do not
read it). Windows-1252 output replaces what that code page lacks (see :func:`to_cp1252`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from centre_app.domain.errors import DomainError

FEC_COLUMNS: tuple[str, ...] = (
    "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum",
    "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet",
    "ValidDate", "Montantdevise", "Idevise",
)  # fmt: skip
ENCODINGS: dict[str, str] = {"utf-8-sig": "UTF-8 avec BOM", "cp1252": "Windows-1252"}


@dataclass(frozen=True)
class EntryLine:
    """One line of an entry: a mapping key, a debit or a credit (never both), an optional third party."""

    key: str
    debit: int
    credit: int
    label: str
    party_code: str = ""
    party_name: str = ""


@dataclass(frozen=True)
class Entry:
    journal: str  # journal key: VT, AC, CA, BQ, MM, OD
    day: date  # EcritureDate
    piece_ref: str  # the real document number (REC-2026-000123, BL-2026-00042…)
    piece_date: date
    label: str  # EcritureLib (French)
    lines: tuple[EntryLine, ...]

    @property
    def debit(self) -> int:
        return sum(x.debit for x in self.lines)

    @property
    def credit(self) -> int:
        return sum(x.credit for x in self.lines)


@dataclass(frozen=True)
class Leg:
    """A signed amount on a key, as sources write them: positive = debit, negative = credit."""

    key: str
    amount: int
    party_code: str = ""
    party_name: str = ""
    label: str = ""


def make_entry(
    journal: str, day: date, piece_ref: str, piece_date: date, label: str, legs: Iterable[Leg]
) -> Entry | None:
    """An entry from signed legs: zero legs dropped, legs on the same key, party and label merged; ``None`` when
    nothing is left (a document of zero value). Refuses an unbalanced entry (a bug in a source)."""
    merged: dict[tuple[str, str, str, str], int] = {}
    for leg in legs:
        if isinstance(leg.amount, bool) or not isinstance(leg.amount, int):
            raise TypeError("entry amounts are integers in minor units")
        k = (leg.key, leg.party_code, leg.party_name, leg.label or label)
        merged[k] = merged.get(k, 0) + leg.amount
    lines = tuple(
        EntryLine(key, max(amount, 0), max(-amount, 0), text, code, name)
        for (key, code, name, text), amount in merged.items()
        if amount
    )
    if not lines:
        return None
    total = sum(x.debit - x.credit for x in lines)
    if total:
        raise DomainError(
            "accounting.unbalanced", piece=piece_ref, debit=sum(x.debit for x in lines),
            credit=sum(x.credit for x in lines),
        )  # fmt: skip
    return Entry(journal, day, piece_ref, piece_date, label, lines)


def reversed_entry(entry: Entry, day: date, piece_ref: str, label: str) -> Entry:
    """The counter-entry of ``entry`` (a cancellation): same journal and lines, debit and credit swapped."""
    lines = tuple(EntryLine(x.key, x.credit, x.debit, label, x.party_code, x.party_name) for x in entry.lines)
    return Entry(entry.journal, day, piece_ref, day, label, lines)


# --- the FEC file -------------------------------------------------------------------------------------


def fec_date(d: date | None) -> str:
    return d.strftime("%Y%m%d") if d is not None else ""


def fec_amount(minor: int, exponent: int) -> str:
    """An amount in the currency's unit, decimal comma, no separator: ``fec_amount(123450, 2)`` → ``1234,50``."""
    if isinstance(minor, bool) or not isinstance(minor, int):
        raise TypeError("amounts are integers in minor units")
    if exponent == 0:
        return str(minor)
    sign = "-" if minor < 0 else ""
    whole, part = divmod(abs(minor), 10**exponent)
    return f"{sign}{whole},{part:0{exponent}d}"


def fec_text(text: str) -> str:
    """A text field: NFC, no « ; », tab or end of line (they would break the columns), single spaces."""
    text = unicodedata.normalize("NFC", text or "")
    for ch in (";", "\t", "\r", "\n", "\u2028", "\u2029"):
        text = text.replace(ch, "," if ch == ";" else " ")
    return " ".join(text.split())


def month_text(month: date) -> str:
    return month.strftime("%Y-%m")


def of_month(month_name: str) -> str:
    """« d'octobre 2026 », « de novembre 2026 »: the month after « le mois » with French elision."""
    return f"d'{month_name}" if month_name[:1].lower() in "aeiouy" else f"de {month_name}"


# What Windows-1252 lacks and an office meets: Fulfulde and Mooré letters of names, typographic spaces.
CP1252_REPLACEMENTS: dict[str, str] = {
    "\u202f": " ", "\u00a0": " ", "\u2009": " ", "\u2007": " ",
    "ɓ": "b", "Ɓ": "B", "ɗ": "d", "Ɗ": "D", "ŋ": "ng", "Ŋ": "Ng", "ƴ": "y", "Ƴ": "Y", "ɛ": "e", "Ɛ": "E",
    "ɔ": "o", "Ɔ": "O", "ɲ": "ny", "Ɲ": "Ny", "ʼ": "'", "ǝ": "e", "Ǝ": "E",
    "\u2010": "-", "\u2011": "-", "\u2212": "-",
}  # fmt: skip


def to_cp1252(text: str) -> tuple[bytes, tuple[str, ...]]:
    """Encode for Windows-1252; a character it lacks becomes its listed replacement (``CP1252_REPLACEMENTS``),
    else its letter without accent (NFKD), else « ? ». Returns the bytes and the characters replaced (sorted,
    once each) so that the export can tell the user."""
    out: list[str] = []
    replaced: set[str] = set()
    for ch in text:
        try:
            ch.encode("cp1252")
            out.append(ch)
            continue
        except UnicodeEncodeError:
            replaced.add(ch)
        substitute = CP1252_REPLACEMENTS.get(ch)
        if substitute is None:
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
            try:
                base.encode("cp1252")
                substitute = base or "?"
            except UnicodeEncodeError:
                substitute = "?"
        out.append(substitute)
    return "".join(out).encode("cp1252"), tuple(sorted(replaced))


def encode_fec(text: str, encoding: str) -> tuple[bytes, tuple[str, ...]]:
    """The file's bytes in ``utf-8-sig`` (UTF-8 with BOM) or ``cp1252``; refuses any other encoding."""
    if encoding == "utf-8-sig":
        return text.encode("utf-8-sig"), ()
    if encoding == "cp1252":
        return to_cp1252(text)
    raise DomainError("accounting.bad_encoding", encoding=encoding)
