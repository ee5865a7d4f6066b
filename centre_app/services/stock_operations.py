"""Stock operations numbered MVT: transfers between magasins, losses with their reason, returns, and the
cancellation (inverse movements, mandatory reason, manager only) of receptions and operations.

Every operation is validated in one go (number, chain, ledger). Its lines are its ledger movements.
Valuation of inverse movements: an entry cancelled leaves at the current CUMP (so a stock never gets a
negative value); an exit cancelled comes back at the value it left with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.permissions import Action
from centre_app.domain.quantity import from_base_milli
from centre_app.domain.stock import DOCUMENT_STATES, LOSS_REASONS, OPERATION_KINDS
from centre_app.domain.text import tidy
from centre_app.models.cash import Payment
from centre_app.models.catalog import Warehouse
from centre_app.models.parties import Party
from centre_app.models.stock import ExpectedSupply, Reception, StockOperation
from centre_app.services import dues, numbering
from centre_app.services import stock_ledger as ledger
from centre_app.services.context import Actor, now, require
from centre_app.services.events import record_event
from centre_app.services.stock import DocLine, LineInput, last_hash, last_hash_query, parse_line, utc


@dataclass(frozen=True)
class TransferDraft:
    from_warehouse_id: int
    to_warehouse_id: int
    lines: tuple[LineInput, ...]
    business_date: date | None = None
    note: str = ""


@dataclass(frozen=True)
class LossDraft:
    warehouse_id: int
    lines: tuple[LineInput, ...]
    reason_code: str  # domain.stock.LOSS_REASONS
    detail: str = ""  # required for « autre »
    business_date: date | None = None


@dataclass(frozen=True)
class ReturnDraft:
    """Goods brought back by a customer (``direction='client'``, enters at the current cost) or sent back
    to a supplier (``'fournisseur'``, leaves at the CUMP). Orders are not changed: to undo a delivery,
    cancel its bon de livraison."""

    warehouse_id: int
    lines: tuple[LineInput, ...]
    direction: str
    reason: str
    party_id: int | None = None
    business_date: date | None = None


@dataclass(frozen=True)
class OperationDoc:
    id: int
    number: str
    kind: str
    kind_label: str
    warehouse_id: int
    warehouse_name: str
    to_warehouse_id: int | None
    to_warehouse_name: str
    party_name: str
    reason_code: str
    reason: str  # French text (loss reason label + detail, or the typed reason)
    cancels_number: str
    business_date: date
    at: datetime
    user_name: str
    status: str
    status_label: str
    lines: tuple[DocLine, ...]  # one per ledger movement (a transfer has its exit and its entry)
    total_value: int
    cancellation_number: str = ""
    hash: str = ""


_LAST_OPERATION = last_hash_query(StockOperation.hash)


def operation_fields(o: Any, moves: list[tuple[int, int, int]]) -> dict[str, Any]:
    """What an operation's hash covers: header and the (product, magasin, signed quantity) it moved."""
    at = utc(o.at)
    return {
        "number": o.number, "year": o.year, "seq": o.seq, "kind": o.kind, "warehouse_id": o.warehouse_id,
        "to_warehouse_id": o.to_warehouse_id, "party_id": o.party_id, "reason_code": o.reason_code,
        "reason": o.reason, "cancels_type": o.cancels_type, "cancels_id": o.cancels_id,
        "cancels_number": o.cancels_number, "business_date": o.business_date, "at": at, "user_name": o.user_name,
        "moves": sorted(moves),
    }  # fmt: skip


def _new_operation(
    session: Session, actor: Actor, kind: str, warehouse_id: int, day: date, moves: list[tuple[int, int, int]],
    **fields: Any,
) -> StockOperation:  # fmt: skip
    seq, number = numbering.next_number(session, "MVT", day.year)
    op = StockOperation(
        year=day.year, seq=seq, number=number, kind=kind, warehouse_id=warehouse_id, business_date=day,
        at=now(session).astimezone(UTC), user_id=actor.user_id, user_name=actor.full_name,
        prev_hash=last_hash(session, _LAST_OPERATION), hash="", status="valide",
        to_warehouse_id=fields.pop("to_warehouse_id", None), party_id=fields.pop("party_id", None),
        reason_code=fields.pop("reason_code", ""), reason=fields.pop("reason", ""),
        cancels_type=fields.pop("cancels_type", ""), cancels_id=fields.pop("cancels_id", None),
        cancels_number=fields.pop("cancels_number", ""),
    )  # fmt: skip
    op.hash = chain_hash_of(op, moves)
    session.add(op)
    session.flush()
    return op


def chain_hash_of(op: StockOperation, moves: list[tuple[int, int, int]]) -> str:
    from centre_app.domain.integrity import chain_hash

    return chain_hash(op.prev_hash, operation_fields(op, moves))


def _post(session: Session, actor: Actor, op: StockOperation, moves: list[ledger.Move]) -> list[ledger.Posted]:
    return ledger.post(
        session, actor, doc_type="MVT", number=op.number, source_type="operation", source_id=op.id,
        business_date=op.business_date, moves=moves, at=op.at,
    )  # fmt: skip


def record_transfer(session: Session, draft: TransferDraft) -> OperationDoc:
    """Move goods from one magasin to another: an exit at the CUMP and an entry of the same value."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    if draft.from_warehouse_id == draft.to_warehouse_id:
        raise DomainError("stock.same_warehouse")
    if not draft.lines:
        raise DomainError("stock.no_lines")
    day = ledger.business_day(session, draft.business_date)
    src = ledger.check_warehouse_open(session, draft.from_warehouse_id, day)
    dst = ledger.check_warehouse_open(session, draft.to_warehouse_id, day)
    parsed = [parse_line(session, line) for line in draft.lines]
    moves = [(p.product.id, src.id, -p.milli) for p in parsed] + [(p.product.id, dst.id, p.milli) for p in parsed]
    op = _new_operation(
        session, actor, "transfert", src.id, day, moves, to_warehouse_id=dst.id, reason=tidy(draft.note)
    )
    for p in parsed:
        out = _post(session, actor, op, [
            ledger.Move("transfert_sortie", p.product.id, src.id, -p.milli, f"Transfert {op.number} vers {dst.name}")
        ])[0]  # fmt: skip
        _post(session, actor, op, [
            ledger.Move("transfert_entree", p.product.id, dst.id, p.milli, f"Transfert {op.number} depuis {src.name}",
                        value=-out.value)
        ])  # fmt: skip
    return get_operation(session, op.id)


def record_loss(session: Session, draft: LossDraft) -> OperationDoc:
    """Perte / avarie with its reason (charançons, humidité, écart de pesée, rongeurs…), valued at the CUMP."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    if draft.reason_code not in LOSS_REASONS:
        raise DomainError("stock.bad_loss_reason", reason=draft.reason_code)
    detail = tidy(draft.detail)
    if draft.reason_code == "autre" and not detail:
        raise DomainError("stock.reason_required")
    if not draft.lines:
        raise DomainError("stock.no_lines")
    day = ledger.business_day(session, draft.business_date)
    w = ledger.check_warehouse_open(session, draft.warehouse_id, day)
    parsed = [parse_line(session, line) for line in draft.lines]
    reason = LOSS_REASONS[draft.reason_code] + (f" : {detail}" if detail else "")
    op = _new_operation(
        session, actor, "perte", w.id, day, [(p.product.id, w.id, -p.milli) for p in parsed],
        reason_code=draft.reason_code, reason=reason,
    )  # fmt: skip
    _post(session, actor, op, [
        ledger.Move("perte", p.product.id, w.id, -p.milli, f"Perte {op.number} : {reason}", reason=reason)
        for p in parsed
    ])  # fmt: skip
    return get_operation(session, op.id)


def record_return(session: Session, draft: ReturnDraft) -> OperationDoc:
    """Retour client (entry at the current cost) or retour fournisseur (exit at the CUMP), with a reason."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    if draft.direction not in ("client", "fournisseur"):
        raise DomainError("field.invalid", field="Sens du retour", value=draft.direction)
    reason = tidy(draft.reason)
    if not reason:
        raise DomainError("stock.reason_required")
    if not draft.lines:
        raise DomainError("stock.no_lines")
    party = session.get(Party, draft.party_id) if draft.party_id is not None else None
    if draft.party_id is not None and party is None:
        raise DomainError("not_found", entity="Tiers", key=draft.party_id)
    day = ledger.business_day(session, draft.business_date)
    w = ledger.check_warehouse_open(session, draft.warehouse_id, day)
    parsed = [parse_line(session, line) for line in draft.lines]
    sign = 1 if draft.direction == "client" else -1
    kind = f"retour_{draft.direction}"
    op = _new_operation(
        session, actor, kind, w.id, day, [(p.product.id, w.id, sign * p.milli) for p in parsed],
        party_id=party.id if party else None, reason=reason,
    )  # fmt: skip
    who = f" — {party.name}" if party else ""
    moves = [
        ledger.Move(
            "retour", p.product.id, w.id, sign * p.milli, f"{OPERATION_KINDS[kind]} {op.number}{who}", reason=reason,
            value=ledger.value_in_at_cost(session, p.product.id, w.id, p.milli) if sign > 0 else None,
        )
        for p in parsed
    ]  # fmt: skip
    _post(session, actor, op, moves)
    return get_operation(session, op.id)


# --- cancellation: inverse movements ---------------------------------------------------------------


def reverse(
    session: Session, actor: Actor, *, cancels_type: str, cancels_id: int, cancels_number: str, reason: str,
    warehouse_id: int,
) -> StockOperation:  # fmt: skip
    """Post the inverse of every movement of a document under a new MVT « annulation » (reason kept)."""
    day = ledger.business_day(session, None)
    originals = ledger.movements_of(session, cancels_type, cancels_id)
    for wid in {m.warehouse_id for m in originals}:
        ledger.check_warehouse_open(session, wid, day)
    planned = [(m.product_id, m.warehouse_id, -m.quantity) for m in originals]
    op = _new_operation(
        session, actor, "annulation", warehouse_id, day, planned, reason=reason, cancels_type=cancels_type,
        cancels_id=cancels_id, cancels_number=cancels_number,
    )  # fmt: skip
    label = f"Annulation de {cancels_number} ({op.number}) : {reason}"
    came_back = 0  # a transfer cancelled: the entry into the source is worth what left the destination
    try:
        for m in reversed(originals):
            if m.quantity > 0:
                posted = _post(session, actor, op, [
                    ledger.Move("annulation", m.product_id, m.warehouse_id, -m.quantity, label, reason=reason)
                ])[0]  # fmt: skip
                came_back = -posted.value
            else:
                value = came_back if cancels_type == "operation" and m.kind == "transfert_sortie" else -m.value
                _post(session, actor, op, [
                    ledger.Move("annulation", m.product_id, m.warehouse_id, -m.quantity, label, value=value,
                                reason=reason)
                ])  # fmt: skip
    except DomainError as exc:
        if exc.code == "stock.insufficient":
            raise DomainError("stock.cancel_insufficient", number=cancels_number, **exc.params) from None
        raise
    record_event(session, "cancellation", {"document": cancels_number, "counter_document": op.number, "reason": reason})
    return op


def _reason(reason: str) -> str:
    text = tidy(reason)
    if not text:
        raise DomainError("stock.reason_required")
    return text


def cancel_reception(session: Session, reception_id: int, reason: str) -> OperationDoc:
    """A manager cancels a bon de réception: inverse exits, its payable due cancelled (refused if paid)."""
    actor = require(session, Action.CANCEL_DOCUMENT)
    text = _reason(reason)
    r = session.get(Reception, reception_id)
    if r is None:
        raise DomainError("stock.document_not_found", number=reception_id)
    if r.status != "valide":
        raise DomainError("stock.already_cancelled", number=r.number)
    if r.payment_id is not None:
        p = session.get(Payment, r.payment_id)
        if p is not None and p.status == "valide":
            raise DomainError("stock.reception_paid_in_kind", number=r.number, receipt=p.number)
    if r.due_id is not None:
        dues.cancel_due(session, r.due_id, f"Annulation de {r.number} : {text}")
    op = reverse(
        session, actor, cancels_type="reception", cancels_id=r.id, cancels_number=r.number, reason=text,
        warehouse_id=r.warehouse_id,
    )  # fmt: skip
    r.status, r.cancellation_id = "annule", op.id
    for s in session.scalars(select(ExpectedSupply).where(ExpectedSupply.reception_id == r.id)):
        s.status, s.reception_id = "attendu", None
    session.flush()
    return get_operation(session, op.id)


def cancel_operation(session: Session, operation_id: int, reason: str) -> OperationDoc:
    """A manager cancels a transfer, a loss or a return (never a cancellation itself)."""
    actor = require(session, Action.CANCEL_DOCUMENT)
    text = _reason(reason)
    o = session.get(StockOperation, operation_id)
    if o is None:
        raise DomainError("stock.document_not_found", number=operation_id)
    if o.kind == "annulation":
        raise DomainError("stock.cannot_cancel_cancellation", number=o.number)
    if o.status != "valide":
        raise DomainError("stock.already_cancelled", number=o.number)
    op = reverse(
        session, actor, cancels_type="operation", cancels_id=o.id, cancels_number=o.number, reason=text,
        warehouse_id=o.warehouse_id,
    )  # fmt: skip
    o.status, o.cancellation_id = "annule", op.id
    session.flush()
    return get_operation(session, op.id)


def get_operation(session: Session, operation_id: int | None = None, number: str | None = None) -> OperationDoc:
    """A MVT document with its movements, by id or number."""
    require(session, Action.READ)
    if operation_id is not None:
        o = session.get(StockOperation, operation_id)
    else:
        o = session.scalar(select(StockOperation).where(StockOperation.number == (number or "").strip().upper()))
    if o is None:
        raise DomainError("stock.document_not_found", number=number or operation_id)
    lines = []
    for m in ledger.movements_of(session, "operation", o.id):
        p = ledger.product(session, m.product_id)
        qty = from_base_milli(abs(m.quantity))
        lines.append(
            DocLine(p.id, p.code, p.name, p.base_unit, qty, Decimal(m.quantity) / 1000,
                    ledger.describe(session, p.id, abs(m.quantity)), 0, 0, abs(m.value),
                    ledger.warehouse(session, m.warehouse_id).name)
        )  # fmt: skip
    dst = session.get(Warehouse, o.to_warehouse_id) if o.to_warehouse_id else None
    party = session.get(Party, o.party_id) if o.party_id else None
    cancellation = session.get(StockOperation, o.cancellation_id) if o.cancellation_id else None
    return OperationDoc(
        o.id, o.number, o.kind, OPERATION_KINDS[o.kind], o.warehouse_id, ledger.warehouse(session, o.warehouse_id).name,
        o.to_warehouse_id, dst.name if dst else "", party.name if party else "", o.reason_code, o.reason,
        o.cancels_number, o.business_date, o.at, o.user_name, o.status, DOCUMENT_STATES[o.status], tuple(lines),
        sum(abs(x.value) for x in lines if x.quantity < 0) or sum(x.value for x in lines),
        cancellation.number if cancellation else "", o.hash,
    )  # fmt: skip


@dataclass(frozen=True)
class OperationRow:
    id: int
    number: str
    kind: str
    kind_label: str
    business_date: date
    warehouse_name: str
    to_warehouse_name: str
    reason: str
    cancels_number: str
    status: str


def list_operations(
    session: Session, *, kind: str | None = None, start: date | None = None, end: date | None = None,
    warehouse_id: int | None = None, offset: int = 0, limit: int | None = None,
) -> list[OperationRow]:  # fmt: skip
    """MVT documents, newest first; ``[start, end)`` on the business date."""
    require(session, Action.READ)
    conds: list[Any] = []
    if kind:
        conds.append(StockOperation.kind == kind)
    if start is not None:
        conds.append(StockOperation.business_date >= start)
    if end is not None:
        conds.append(StockOperation.business_date < end)
    if warehouse_id is not None:
        conds.append((StockOperation.warehouse_id == warehouse_id) | (StockOperation.to_warehouse_id == warehouse_id))
    stmt = select(StockOperation).where(and_(True, *conds)).order_by(StockOperation.id.desc()).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    names = {w.id: w.name for w in session.scalars(select(Warehouse))}
    return [
        OperationRow(o.id, o.number, o.kind, OPERATION_KINDS[o.kind], o.business_date, names[o.warehouse_id],
                     names.get(o.to_warehouse_id or 0, ""), o.reason, o.cancels_number, o.status)
        for o in session.scalars(stmt)
    ]  # fmt: skip
