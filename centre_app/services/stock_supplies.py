"""Expected supplies (« arrivages attendus », counted as incoming by the shortage warnings) and repayment
in kind: a receipt « en nature » allocated to a party's dues and, when the goods enter a magasin, a bon de
réception valued at the agreed price, both in the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_money
from centre_app.domain.permissions import Action
from centre_app.domain.quantity import from_base_milli
from centre_app.domain.stock import SUPPLY_STATES, line_amount
from centre_app.domain.text import tidy
from centre_app.models.parties import Party
from centre_app.models.stock import ExpectedSupply
from centre_app.services import dues, payments
from centre_app.services import stock_ledger as ledger
from centre_app.services.context import now, require
from centre_app.services.stock import LineInput, ReceptionDoc, ReceptionDraft, parse_line, record_reception

# --- expected supplies (arrivages attendus) ------------------------------------------------------


@dataclass(frozen=True)
class ExpectedSupplyRow:
    id: int
    product_id: int
    product_name: str
    warehouse_id: int
    warehouse_name: str
    quantity: Decimal
    described: str
    expected_on: date
    supplier_name: str
    note: str
    status: str
    status_label: str


def plan_supply(
    session: Session, product_id: int, warehouse_id: int, quantity: Decimal | int | str, unit: str,
    expected_on: date, supplier_id: int | None = None, note: str = "",
) -> int:  # fmt: skip
    """Announce an arrival; it counts as incoming in the shortage warnings until received or cancelled."""
    actor = require(session, Action.EDIT_DOCUMENTS)
    parsed = parse_line(session, LineInput(product_id, quantity, unit))
    ledger.warehouse(session, warehouse_id)
    if supplier_id is not None and ledger.held(session, Party, supplier_id) is None:
        raise DomainError("not_found", entity="Tiers", key=supplier_id)
    s = ExpectedSupply(
        product_id=product_id, warehouse_id=warehouse_id, quantity=parsed.milli, expected_on=expected_on,
        supplier_id=supplier_id, note=tidy(note), status="attendu", created_at=now(session),
        created_by=actor.username,
    )  # fmt: skip
    session.add(s)
    session.flush()
    return s.id


def cancel_planned_supply(session: Session, supply_id: int) -> None:
    require(session, Action.EDIT_DOCUMENTS)
    s = session.get(ExpectedSupply, supply_id)
    if s is None or s.status != "attendu":
        raise DomainError("stock.supply_not_expected", key=supply_id)
    s.status = "annule"
    session.flush()


def list_expected_supplies(session: Session, open_only: bool = True) -> list[ExpectedSupplyRow]:
    require(session, Action.READ)
    stmt = select(ExpectedSupply).order_by(ExpectedSupply.expected_on, ExpectedSupply.id)
    if open_only:
        stmt = stmt.where(ExpectedSupply.status == "attendu")
    out = []
    for s in session.scalars(stmt):
        supplier = ledger.held(session, Party, s.supplier_id) if s.supplier_id else None
        out.append(
            ExpectedSupplyRow(
                s.id, s.product_id, ledger.product(session, s.product_id).name, s.warehouse_id,
                ledger.warehouse(session, s.warehouse_id).name, from_base_milli(s.quantity),
                ledger.describe(session, s.product_id, s.quantity), s.expected_on,
                supplier.name if supplier else "", s.note, s.status, SUPPLY_STATES[s.status],
            )
        )  # fmt: skip
    return out


def expected_quantities(session: Session) -> dict[int, int]:
    """Incoming quantity per product (thousandths), all magasins: the open expected supplies."""
    rows = session.execute(
        select(ExpectedSupply.product_id, func.sum(ExpectedSupply.quantity))
        .where(ExpectedSupply.status == "attendu")
        .group_by(ExpectedSupply.product_id)
    )
    return {pid: int(q) for pid, q in rows}


# --- repayment in kind -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RepayInKindDraft:
    """A customer repays (part of) what they owe with goods valued at an agreed price per packaging unit."""

    party_id: int
    product_id: int
    quantity: Decimal | int | str
    unit: str
    agreed_price: int  # per ``unit``
    enters_stock: bool = True  # the goods go into a magasin (a reception at the agreed value)
    warehouse_id: int | None = None
    allocations: tuple[tuple[int, int], ...] | None = None  # (due id, amount); None: oldest dues first
    business_date: date | None = None
    note: str = ""


@dataclass(frozen=True)
class RepayInKindResult:
    payment: payments.PaymentRow
    reception: ReceptionDoc | None
    amount: int


def repay_in_kind(session: Session, draft: RepayInKindDraft) -> RepayInKindResult:
    """In one transaction: a receipt « en nature » allocated to the party's dues and, if the goods enter the
    stock, a bon de réception valued at the agreed price (origin « nature »)."""
    require(session, Action.EDIT_DOCUMENTS)
    parsed = parse_line(session, LineInput(draft.product_id, draft.quantity, draft.unit, draft.agreed_price))
    if draft.agreed_price <= 0:
        raise DomainError("stock.price_required", product=parsed.product.name)
    amount = line_amount(parsed.quantity, parsed.factor, draft.agreed_price)
    if amount <= 0:
        raise DomainError("money.not_positive")
    party = ledger.held(session, Party, draft.party_id)
    if party is None:
        raise DomainError("not_found", entity="Tiers", key=draft.party_id)
    if draft.enters_stock and draft.warehouse_id is None:
        raise DomainError("field.required", field="Magasin")
    allocations = draft.allocations
    if allocations is None:
        allocations, left = [], amount
        for due in dues.list_dues(session, party.id):
            if left <= 0:
                break
            share = min(left, due.remaining)
            allocations.append((due.id, share))
            left -= share
    what = (
        f"{ledger.describe_count(parsed.count, parsed.unit_label)} de {parsed.product.name} "
        f"à {format_money(draft.agreed_price)} le {ledger.unit_name(session, parsed.product.id, parsed.unit)}"
    )
    payment = payments.record_payment(
        session,
        payments.PaymentDraft(
            "REC", amount, "nature", f"Remboursement en nature : {what}"[:300], party_id=party.id,
            in_kind=what[:300], business_date=draft.business_date, allocations=tuple(allocations),
        ),
        accept_warnings=True,
    )  # fmt: skip
    reception = None
    if draft.enters_stock:
        assert draft.warehouse_id is not None
        reception = record_reception(
            session,
            ReceptionDraft(
                warehouse_id=draft.warehouse_id, origin="nature", supplier_id=party.id,
                lines=(LineInput(draft.product_id, draft.quantity, draft.unit, draft.agreed_price),),
                business_date=draft.business_date, supplier_reference=payment.number, note=draft.note,
            ),
            payment_id=payment.id,
        )  # fmt: skip
    return RepayInKindResult(payment, reception, amount)
