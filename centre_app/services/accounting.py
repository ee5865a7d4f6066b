"""Journal entries of a month, generated from the validated documents of every module (PRODUCT.md §9).

Entries are not stored: they are derived each time from the documents, which never change once validated,
so a month always regenerates identically (a month lock keeps their digest to prove it, see
``services.periods``). Every module contributes through one registry, ``ENTRY_SOURCES`` (module names, like
``integrity.MODULES``). A source module exposes:

* ``entries(session, start, end) -> list[Entry]`` — one :class:`~centre_app.domain.accounting.Entry` per
  validated document (or counter-document) dated in ``[start, end)``, built with ``make_entry`` from signed
  legs on *mapping keys* (``domain.charts``), with PieceRef = the document's real number, EcritureLib in
  French, integer amounts; a cancellation is a reversing entry dated on the cancellation, never an edit of
  the original month. It reads only (the caller has checked ``Action.EXPORT``).
* optionally ``DUE_ACCOUNTS: dict[str, str | Callable[[Session, Due], str]]`` — the key a payment allocated
  to one of its dues books on (``source_type`` → key), used by the caisse source for receipts and vouchers.
  Without it, a receivable books on « clients » and a payable on « fournisseurs ».

How a livestock source books a contract (the mandat never makes the gross price revenue):

* mandat de vente / vente directe, at conclusion (VT, PieceRef CBV-…): D « mandat_acheteur » (buyer as
  third party) ``buyer_total``; C « mandat_vendeur » (seller) ``net_to_seller``; C « commission_betail »
  ``commission``; C « debours_tiers » ``fees`` (= buyer_total − net_to_seller − commission). With
  ``DUE_ACCOUNTS = {"livestock_buyer": "mandat_acheteur", "livestock_seller": "mandat_vendeur"}`` the
  buyer's receipts credit 4732 and the bon de paiement vendeur debits 4731: the gross only transits.
* achat-revente: purchase (AC) D « achat_betail » ``cost`` / C « fournisseurs » (seller) ``net_to_seller`` /
  C « debours_tiers » ``fees_seller``; sale (VT) D « clients » (buyer) ``buyer_total`` / C « vente_betail »
  ``gross`` / C « debours_tiers » ``fees_buyer``; its dues then resolve to « clients » / « fournisseurs »
  (a callable of ``DUE_ACCOUNTS`` reads the contract type); its animals in and out (livestock_stock_moves)
  make OD entries « stock_betail » / « variation_stock » per document, as the stock source does.
* a cancellation (ACB-…) is the reversed conclusion entry dated on the cancellation.
"""

from __future__ import annotations

import hashlib
import importlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from types import ModuleType
from typing import Any

from sqlalchemy.orm import Session

from centre_app.domain.accounting import Entry
from centre_app.domain.charts import JOURNALS
from centre_app.domain.integrity import canonical_json
from centre_app.domain.money import currency as get_currency
from centre_app.domain.periods import Period
from centre_app.domain.permissions import Action
from centre_app.services import accounting_map
from centre_app.services import settings as settings_service
from centre_app.services.context import require

ENTRY_SOURCES: list[str] = [
    "centre_app.services.accounting_cash",
    "centre_app.services.accounting_stock",
    "centre_app.services.accounting_livestock",
    "centre_app.services.accounting_op_contracts",
]


def source_modules() -> list[ModuleType]:
    return [importlib.import_module(name) for name in ENTRY_SOURCES]


def due_accounts() -> dict[str, str | Callable[[Session, Any], str]]:
    """``source_type`` of a due → key its payments book on, merged from every source's ``DUE_ACCOUNTS``."""
    out: dict[str, str | Callable[[Session, Any], str]] = {}
    for module in source_modules():
        out.update(getattr(module, "DUE_ACCOUNTS", {}))
    return out


@dataclass(frozen=True)
class JournalLine:
    """One line of the FEC file, resolved through the mapping."""

    journal_code: str
    journal_label: str
    entry_number: str
    entry_date: date
    account: str
    account_label: str
    aux_code: str
    aux_name: str
    piece_ref: str
    piece_date: date
    label: str
    debit: int
    credit: int
    valid_date: date


@dataclass(frozen=True)
class JournalTotal:
    code: str
    label: str
    entries: int
    debit: int
    credit: int


@dataclass(frozen=True)
class BalanceRow:
    """Movements of an account over the month (the export is monthly: no opening balance)."""

    account: str
    label: str
    debit: int
    credit: int

    @property
    def balance(self) -> int:  # positive: debit balance
        return self.debit - self.credit


@dataclass(frozen=True)
class MonthEntries:
    period: Period
    chart: str
    currency: str
    exponent: int  # decimals of the currency (0 for F CFA)
    entries: tuple[Entry, ...]  # in file order
    lines: tuple[JournalLine, ...]
    journals: tuple[JournalTotal, ...]
    balance: tuple[BalanceRow, ...]
    digest: str  # SHA-256 of the entries (keys, not account numbers: a mapping change keeps it)

    @property
    def debit(self) -> int:
        return sum(x.debit for x in self.lines)

    @property
    def credit(self) -> int:
        return sum(x.credit for x in self.lines)


def raw_entries(session: Session, period: Period) -> list[Entry]:
    """Every source's entries for ``period``, in file order: journal (VT, AC, CA, BQ, MM, OD), date, piece."""
    require(session, Action.EXPORT)
    out: list[Entry] = []
    for module in source_modules():
        out.extend(module.entries(session, period.start, period.end))
    order = {code: i for i, code in enumerate(JOURNALS)}
    # sorted() is stable: entries of one piece keep the order their source gave them.
    return sorted(out, key=lambda e: (order.get(e.journal, len(order)), e.day, e.piece_ref))


def entries_digest(entries: list[Entry] | tuple[Entry, ...]) -> str:
    data = [
        [e.journal, e.day, e.piece_ref, e.piece_date, e.label,
         [[x.key, x.debit, x.credit, x.label, x.party_code, x.party_name] for x in e.lines]]
        for e in entries
    ]  # fmt: skip
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def month_entries(session: Session, period: Period) -> MonthEntries:
    """The month's entries numbered and resolved through the mapping, with journal totals and the balance."""
    entries = raw_entries(session, period)
    mapping = accounting_map.load_mapping(session)
    currency = settings_service.get_settings(session).currency
    lines: list[JournalLine] = []
    counters: dict[str, int] = defaultdict(int)
    journals: dict[str, list[Any]] = {}
    balance: dict[str, list[Any]] = {}
    for e in entries:
        code, journal_label = mapping.journal(e.journal)
        counters[code] += 1
        number = f"{code}{period.start:%Y%m}-{counters[code]:04d}"
        j = journals.setdefault(code, [journal_label, 0, 0, 0])
        j[1] += 1
        for x in e.lines:
            account, account_label = mapping.account(x.key)
            lines.append(
                JournalLine(
                    code, journal_label, number, e.day, account, account_label, x.party_code, x.party_name,
                    e.piece_ref, e.piece_date, x.label, x.debit, x.credit, e.day,
                )
            )  # fmt: skip
            j[2] += x.debit
            j[3] += x.credit
            b = balance.setdefault(account, [account_label, 0, 0])
            b[1] += x.debit
            b[2] += x.credit
    return MonthEntries(
        period, mapping.chart, currency, get_currency(currency).exponent, tuple(entries), tuple(lines),
        tuple(JournalTotal(code, v[0], v[1], v[2], v[3]) for code, v in journals.items()),
        tuple(BalanceRow(a, v[0], v[1], v[2]) for a, v in sorted(balance.items())),
        entries_digest(entries),
    )  # fmt: skip
