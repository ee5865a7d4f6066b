"""What a contract is at a date, computed from what is stored: a contract with its avenants, schedule lines
and what receipts paid on them, obligations. Shared by the workflow (which state the dates and payments
give) and the queries (lists, dashboard, the contract's file). Loads many contracts in a few queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date

from sqlalchemy import select
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.op_contracts import current_end, effective_state, obligation_state, schedule_state
from centre_app.models.cash import Due
from centre_app.models.op_contracts import OpContract, OpObligation, OpScheduleLine
from centre_app.services.context import now
from centre_app.services.dues import paid_on_dues


def today_of(session: Session) -> date:
    return now(session).astimezone(UTC).date()


def load(session: Session, contract_id: int) -> OpContract:
    c = session.get(OpContract, contract_id)
    if c is None:
        raise DomainError("op_contract.not_found", number=contract_id)
    return c


def by_number(session: Session, number: str) -> OpContract:
    c = session.scalar(select(OpContract).where(OpContract.number == (number or "").strip().upper()))
    if c is None:
        raise DomainError("op_contract.not_found", number=number)
    return c


def display_number(c: OpContract) -> str:
    """The number, or what a draft is called until it is signed."""
    if c.number:
        return c.number
    return f"brouillon n° {c.id}" if c.parent_id is None else f"projet d'avenant n° {c.id}"


@dataclass
class Family:
    """A contract and what counts for its state: its signed avenants' lines and obligations count with its own."""

    contract: OpContract
    amendments: list[OpContract] = field(default_factory=list)  # every avenant, drafts included
    lines: list[OpScheduleLine] = field(default_factory=list)
    obligations: list[OpObligation] = field(default_factory=list)
    paid: dict[int, int] = field(default_factory=dict)  # due id -> paid by valid receipts
    cancelled: set[int] = field(default_factory=set)  # cancelled due ids

    @property
    def signed_amendments(self) -> list[OpContract]:
        return [a for a in self.amendments if a.hash is not None]

    def end_date(self) -> date:
        """The end date before renewals: the last signed avenant's, or the contract's."""
        moved = [a for a in self.signed_amendments if a.changes_end]
        return moved[-1].end_date if moved else self.contract.end_date

    def current_end(self, today: date) -> date:
        c = self.contract
        return current_end(c.effect_date, self.end_date(), c.tacit_renewal, today)

    def planned_amount(self) -> int:
        return self.contract.planned_amount + sum(a.planned_amount for a in self.signed_amendments)

    def line_paid(self, line: OpScheduleLine) -> int:
        return self.paid.get(line.due_id, 0) if line.due_id else 0

    def line_state(self, line: OpScheduleLine, today: date) -> str:
        if line.due_id is None:  # a draft's line: nothing is owed yet, so nothing is late
            return "a_venir"
        cancelled = line.due_id in self.cancelled
        return schedule_state(line.amount, self.line_paid(line), line.due_date, today, cancelled)

    def settled(self) -> bool:
        """Every schedule line paid and every obligation done (and there was something to do)."""
        if not self.lines and not self.obligations:
            return False
        return all(self.line_paid(x) >= x.amount for x in self.lines) and all(
            o.status == "fait" for o in self.obligations
        )

    def state(self, today: date) -> str:
        c = self.contract
        if c.parent_id is not None:
            return c.status
        return effective_state(
            c.status, today=today, effect=c.effect_date, end=self.current_end(today), settled=self.settled()
        )

    def paid_total(self) -> int:
        return sum(min(self.line_paid(x), x.amount) for x in self.lines)

    def late_lines(self, today: date) -> list[OpScheduleLine]:
        return [x for x in self.lines if self.line_state(x, today) == "en_retard"]

    def late_obligations(self, today: date) -> list[OpObligation]:
        if self.contract.hash is None:
            return []
        return [o for o in self.obligations if obligation_state(o.status, o.due_date, today) == "en_retard"]


def families(session: Session, contracts: Iterable[OpContract]) -> list[Family]:
    """The families of these contracts (parents), loaded together."""
    out = [Family(c) for c in contracts]
    if not out:
        return out
    by_id = {f.contract.id: f for f in out}
    for a in session.scalars(
        select(OpContract)
        .where(OpContract.parent_id.in_(list(by_id)))
        .order_by(OpContract.amendment_no.is_(None), OpContract.amendment_no, OpContract.id)
    ):
        by_id[a.parent_id].amendments.append(a)  # type: ignore[index]
    owner: dict[int, Family] = {}
    for f in out:
        owner[f.contract.id] = f
        for a in f.signed_amendments:
            owner[a.id] = f
    lines: dict[int, list[OpScheduleLine]] = defaultdict(list)
    for x in session.scalars(
        select(OpScheduleLine).where(OpScheduleLine.contract_id.in_(list(owner))).order_by(OpScheduleLine.due_date,
                                                                                          OpScheduleLine.id)
    ):  # fmt: skip
        lines[x.contract_id].append(x)
    obligations: dict[int, list[OpObligation]] = defaultdict(list)
    for o in session.scalars(
        select(OpObligation).where(OpObligation.contract_id.in_(list(owner))).order_by(OpObligation.id)
    ):
        obligations[o.contract_id].append(o)
    for contract_id, f in owner.items():
        f.lines += lines.get(contract_id, [])
        f.obligations += obligations.get(contract_id, [])
    for f in out:
        f.lines.sort(key=lambda x: (x.due_date, x.id))
    due_ids = [x.due_id for f in out for x in f.lines if x.due_id]
    if due_ids:
        paid = paid_on_dues(session, due_ids)
        cancelled = set(session.scalars(select(Due.id).where(Due.id.in_(due_ids), Due.cancelled_at.is_not(None))))
        for f in out:
            ids = {x.due_id for x in f.lines if x.due_id}
            f.paid = {i: paid[i] for i in ids}
            f.cancelled = ids & cancelled
    return out


def family(session: Session, c: OpContract) -> Family:
    """The family of a contract (or of the contract an avenant belongs to)."""
    parent = load(session, c.parent_id) if c.parent_id is not None else c
    return families(session, [parent])[0]
