"""The account mapping of the accounting exports: which account (or journal code) each operation key books on.

One table per chart (SYSCOHADA révisé, CGNC), seeded by migration 0006 and edited by whoever may export
(gestionnaire, comptable, administrateur: ``Action.EXPORT``, PRODUCT.md §10). The chart in use is the setting
``accounting.chart``, else the country profile's. A key missing from the table (added by a later version)
falls back to ``domain.charts`` defaults; an operator without an account of its own books on
« mobile_money ». Every change is audited and journaled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from centre_app.domain import charts
from centre_app.domain.errors import DomainError
from centre_app.domain.permissions import Action
from centre_app.domain.text import tidy
from centre_app.models.accounting import LedgerAccount
from centre_app.services import settings as settings_service
from centre_app.services.context import require
from centre_app.services.events import record_event

_ACCOUNT_NUMBER = re.compile(r"[0-9]{2,12}[A-Z0-9]{0,8}")
_JOURNAL_CODE = re.compile(r"[A-Z0-9]{1,6}")


@dataclass(frozen=True)
class AccountRow:
    key: str
    kind: str  # compte / journal
    operation: str  # what it books, in French
    number: str
    label: str
    default_number: str
    default_label: str

    @property
    def is_default(self) -> bool:
        return (self.number, self.label) == (self.default_number, self.default_label)


@dataclass(frozen=True)
class Mapping:
    """The resolved mapping of one chart (read once per export)."""

    chart: str
    rows: dict[str, tuple[str, str]]  # key → (number or journal code, label)

    def account(self, key: str) -> tuple[str, str]:
        """(account number, label) of an operation key."""
        found = self.rows.get(key)
        if found is None and key.startswith("mobile_money."):
            found = self.rows.get("mobile_money")
        if found is None:
            raise DomainError("accounting.unknown_key", key=key)
        return found

    def journal(self, journal: str) -> tuple[str, str]:
        """(journal code, label) of a journal key (VT, AC, CA, BQ, MM, OD)."""
        found = self.rows.get(f"journal.{journal}")
        if found is None:
            raise DomainError("accounting.unknown_key", key=f"journal.{journal}")
        return found


def active_chart(session: Session) -> str:
    chosen = settings_service.get_value(session, "accounting.chart")
    if chosen in charts.CHARTS:
        return str(chosen)
    country = settings_service.get_settings(session).country.chart
    return country if country in charts.CHARTS else charts.DEFAULT_CHART


def set_chart(session: Session, chart: str) -> str:
    """Choose the chart the exports use (a CGNC centre in Morocco, a SYSCOHADA one elsewhere). Journaled."""
    require(session, Action.EXPORT)
    if chart not in charts.CHARTS:
        raise DomainError("accounting.unknown_chart", chart=chart, charts=", ".join(charts.CHARTS))
    settings_service.apply_settings(session, {"accounting.chart": chart}, record=record_event)
    return chart


def _check_chart(chart: str | None, session: Session) -> str:
    chart = chart or active_chart(session)
    if chart not in charts.CHARTS:
        raise DomainError("accounting.unknown_chart", chart=chart, charts=", ".join(charts.CHARTS))
    return chart


def _defaults(chart: str) -> dict[str, tuple[str, str, str]]:
    return {key: (kind, number, label) for key, kind, number, label in charts.default_rows(chart)}


def load_mapping(session: Session, chart: str | None = None) -> Mapping:
    chart = _check_chart(chart, session)
    rows = {key: (number, label) for key, (_kind, number, label) in _defaults(chart).items()}
    stmt = select(LedgerAccount.key, LedgerAccount.number, LedgerAccount.label).where(LedgerAccount.chart == chart)
    rows.update({key: (number, label) for key, number, label in session.execute(stmt)})
    return Mapping(chart, rows)


def list_accounts(session: Session, chart: str | None = None) -> list[AccountRow]:
    """Every key of the chart with its account and its default (journals first, then accounts by number)."""
    require(session, Action.READ)
    chart = _check_chart(chart, session)
    defaults = _defaults(chart)
    stored = {r.key: r for r in session.scalars(select(LedgerAccount).where(LedgerAccount.chart == chart))}
    out = []
    for key in dict.fromkeys([*defaults, *stored]):
        kind, d_number, d_label = defaults.get(key, ("", "", ""))
        row = stored.get(key)
        out.append(
            AccountRow(
                key, row.kind if row else kind, charts.operation_label(key), row.number if row else d_number,
                row.label if row else d_label, d_number, d_label,
            )
        )  # fmt: skip
    out.sort(key=lambda r: (r.kind != "journal", r.number, r.key))
    return out


def _row(session: Session, chart: str, key: str) -> LedgerAccount:
    row = session.scalar(select(LedgerAccount).where(LedgerAccount.chart == chart, LedgerAccount.key == key))
    if row is not None:
        return row
    default = _defaults(chart).get(key)
    if default is None and not key.startswith("mobile_money."):
        raise DomainError("accounting.unknown_key", key=key)
    kind, number, label = default or ("compte", *load_mapping(session, chart).account("mobile_money"))
    row = LedgerAccount(chart=chart, key=key, kind=kind, number=number, label=label)
    session.add(row)
    return row


def set_account(session: Session, key: str, number: str, label: str, chart: str | None = None) -> AccountRow:
    """Book ``key`` on another account (or give a journal another code). The label of an account number is
    the same for every key booked on it: it is changed on all of them. Journaled."""
    require(session, Action.EXPORT)
    chart = _check_chart(chart, session)
    number, label = tidy(number).upper().replace(" ", ""), tidy(label)
    row = _row(session, chart, key)
    pattern = _JOURNAL_CODE if row.kind == "journal" else _ACCOUNT_NUMBER
    if not pattern.fullmatch(number):
        code = "accounting.bad_journal_code" if row.kind == "journal" else "accounting.bad_account"
        raise DomainError(code, number=number or "(vide)")
    if not label:
        raise DomainError("field.required", field="Libellé")
    before = (row.number, row.label)
    row.number, row.label = number, label
    relabelled = []
    if row.kind == "compte":
        for key_, (n, lbl) in load_mapping(session, chart).rows.items():
            if key_ != key and n == number and lbl != label and not key_.startswith("journal."):
                _row(session, chart, key_).label = label
                relabelled.append(key_)
    session.flush()
    record_event(
        session, "accounting.mapping",
        {"chart": chart, "key": key, "before": list(before), "after": [number, label], "relabelled": relabelled},
    )  # fmt: skip
    return next(r for r in list_accounts(session, chart) if r.key == key)


def reset_defaults(session: Session, chart: str | None = None) -> int:
    """Put every key of the chart back on its default account; returns how many keys changed. Journaled."""
    require(session, Action.EXPORT)
    chart = _check_chart(chart, session)
    changed = 0
    for key, (kind, number, label) in _defaults(chart).items():
        row = session.scalar(select(LedgerAccount).where(LedgerAccount.chart == chart, LedgerAccount.key == key))
        if row is None:
            session.add(LedgerAccount(chart=chart, key=key, kind=kind, number=number, label=label))
            changed += 1
        elif (row.number, row.label) != (number, label):
            row.number, row.label = number, label
            changed += 1
    session.flush()
    record_event(session, "accounting.mapping", {"chart": chart, "reset": changed})
    return changed
