"""Lists of livestock contracts for the screens: filters (period, market, species, state, type, party),
paging and sorting done in SQL, totals of heads and amounts, and the history of a seller or a buyer.

The shown state (``domain.livestock.display_state``) is computed in SQL from the payments allocated to the
buyer's and the seller's dues, so that « payé partiel » and « soldé » can be filtered like the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from centre_app.domain import livestock as dom
from centre_app.domain.errors import DomainError
from centre_app.domain.permissions import Action
from centre_app.domain.text import search_key
from centre_app.models.cash import Allocation, Payment
from centre_app.models.livestock import LivestockContract, LivestockContractLine
from centre_app.models.livestock_ref import Market, Species
from centre_app.models.parties import Party
from centre_app.services.context import require
from centre_app.services.livestock_queries import PartyBlock, party_block

C = LivestockContract
_SELLER, _BUYER = aliased(Party), aliased(Party)


@dataclass(frozen=True)
class ContractRow:
    id: int
    number: str  # "" for a draft
    contract_date: date
    contract_type: str
    type_label: str
    state: str
    state_label: str
    where: str  # market or place
    seller_id: int
    seller_name: str
    buyer_id: int
    buyer_name: str
    destination_country: str
    species: str  # « 3 bovins, 12 ovins »
    heads: int
    gross: int
    commission: int
    fees: int
    net_to_seller: int
    buyer_total: int
    buyer_paid: int
    buyer_remaining: int
    seller_paid: int
    margin: int  # commission, or sale − cost (achat-revente)


@dataclass(frozen=True)
class ContractTotals:
    """Over the filtered contracts, drafts and cancelled ones left out (unless the state filter asks for them)."""

    contracts: int
    heads: int
    gross: int
    commission: int
    fees: int
    net_to_seller: int
    buyer_total: int
    buyer_paid: int
    buyer_remaining: int
    seller_paid: int
    margin: int
    heads_by_species: dict[str, int] = field(default_factory=dict)  # species name → heads


@dataclass(frozen=True)
class PartyHistory:
    party: PartyBlock
    as_seller: tuple[ContractRow, ...]
    as_buyer: tuple[ContractRow, ...]
    seller_totals: ContractTotals
    buyer_totals: ContractTotals


def _paid(name: str) -> Any:
    return (
        select(Allocation.due_id, func.sum(Allocation.amount).label("paid"))
        .join(Payment, Payment.id == Allocation.payment_id)
        .where(Payment.status == "valide")
        .group_by(Allocation.due_id)
        .subquery(name)
    )


def _paid_on(due: Any) -> Any:
    """What valid payments settled on ``due``, for one contract (correlated: index on allocations.due_id)."""
    return (
        select(func.coalesce(func.sum(Allocation.amount), 0))
        .join(Payment, Payment.id == Allocation.payment_id)
        .where(Payment.status == "valide", Allocation.due_id == due)
        .correlate(C)
        .scalar_subquery()
    )


def _base(extra: list[Any], *, every_row: bool = False, parties: bool = True) -> tuple[Any, Any, Any, Any]:
    """(statement, buyer paid, seller paid, shown state) over the contracts with their parties and market.

    What was paid is looked up per contract, so a window of 200 rows or a count reads 200 or no payments
    (PRODUCT.md §15: 20 000 contracts); ``every_row`` (totals) sums all the allocations once instead.
    ``parties=False`` leaves out the parties and the market (seller and buyer are required: one row each), for
    a count or totals without a search."""
    if every_row:
        bp_q, sp_q = _paid("bp"), _paid("sp")
        bp, sp = func.coalesce(bp_q.c.paid, 0), func.coalesce(sp_q.c.paid, 0)
    else:
        bp, sp = _paid_on(C.buyer_due_id), _paid_on(C.seller_due_id)
    state = case(
        (C.status != "livre", C.status),
        (and_(bp >= C.buyer_total, sp >= C.net_to_seller), "solde"),
        (or_(bp > 0, sp > 0), "paye_partiel"),
        else_="livre",
    )
    stmt = select(*extra).select_from(C)
    if parties:
        stmt = (
            stmt.join(_SELLER, _SELLER.id == C.seller_id)
            .join(_BUYER, _BUYER.id == C.buyer_id)
            .outerjoin(Market, Market.id == C.market_id)
        )
    if every_row:
        stmt = stmt.outerjoin(bp_q, bp_q.c.due_id == C.buyer_due_id).outerjoin(sp_q, sp_q.c.due_id == C.seller_due_id)
    return stmt, bp, sp, state


def _filters(
    state_col: Any, search: str, start: date | None, end: date | None, market_id: int | None,
    species_code: str | None, state: str | None, contract_type: str | None, party_id: int | None,
    party_role: str | None,
) -> list[Any]:  # fmt: skip
    conds: list[Any] = []
    for word in search_key(search).split():
        conds.append(
            C.number.icontains(word, autoescape=True)
            | _SELLER.search_text.contains(word, autoescape=True)
            | _BUYER.search_text.contains(word, autoescape=True)
        )
    if start is not None:
        conds.append(C.contract_date >= start)
    if end is not None:
        conds.append(C.contract_date < end)
    if market_id is not None:
        conds.append(C.market_id == market_id)
    if species_code:
        line = LivestockContractLine
        conds.append(exists().where(line.contract_id == C.id, line.species_code == species_code))
    if state:
        if state not in dom.CONTRACT_STATES:
            raise DomainError("field.invalid", field="État", value=state)
        conds.append(state_col == state)
    if contract_type:
        conds.append(C.contract_type == contract_type)
    if party_id is not None:
        if party_role == "seller":
            conds.append(C.seller_id == party_id)
        elif party_role == "buyer":
            conds.append(C.buyer_id == party_id)
        else:
            conds.append(or_(C.seller_id == party_id, C.buyer_id == party_id, C.guarantor_id == party_id))
    return conds


_ORDER = {"date": C.contract_date, "number": C.number, "seller": _SELLER.name, "buyer": _BUYER.name, "gross": C.gross}


def _species_summary(session: Session, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    line = LivestockContractLine
    rows = session.execute(
        select(line.contract_id, Species.code, func.sum(line.heads))
        .join(Species, Species.code == line.species_code)
        .where(line.contract_id.in_(ids))
        .group_by(line.contract_id, Species.code, Species.sort_order)
        .order_by(line.contract_id, Species.sort_order)
    )
    out: dict[int, list[str]] = {}
    for cid, name, heads in rows:
        out.setdefault(cid, []).append(f"{heads} {name}{'s' if heads > 1 else ''}")
    return {cid: ", ".join(parts) for cid, parts in out.items()}


def list_contracts(
    session: Session, search: str = "", *, start: date | None = None, end: date | None = None,
    market_id: int | None = None, species_code: str | None = None, state: str | None = None,
    contract_type: str | None = None, party_id: int | None = None, party_role: str | None = None,
    offset: int = 0, limit: int | None = None, order: str = "-date",
) -> list[ContractRow]:  # fmt: skip
    """Contracts, newest first by default; ``[start, end)`` on the contract date; ``party_role`` « seller »,
    « buyer » or ``None`` (seller, buyer or guarantor); ``order`` one of date, number, seller, buyer, gross,
    with « - » for descending."""
    require(session, Action.READ)
    stmt, bp, sp, state_col = _base([C, _SELLER.name, _BUYER.name, Market.name])
    stmt = stmt.add_columns(bp, sp, state_col)
    conds = _filters(state_col, search, start, end, market_id, species_code, state, contract_type, party_id,
                     party_role)  # fmt: skip
    col = _ORDER.get(order.lstrip("-"), C.contract_date)
    ordering = col.desc() if order.startswith("-") else col.asc()
    stmt = stmt.where(and_(True, *conds)).order_by(ordering, C.id.desc()).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    rows = session.execute(stmt).all()
    species = _species_summary(session, [r[0].id for r in rows])
    out = []
    for c, seller, buyer, market, b_paid, s_paid, shown in rows:
        live = c.status in ("conclu", "livre")
        margin = c.gross - c.cost if c.contract_type == "achat_revente" else c.commission
        out.append(
            ContractRow(
                c.id, c.number or "", c.contract_date, c.contract_type, dom.CONTRACT_TYPES[c.contract_type], shown,
                dom.CONTRACT_STATES[shown], market or c.place, c.seller_id, seller, c.buyer_id, buyer,
                c.destination_country, species.get(c.id, ""), c.heads, c.gross, c.commission, c.fees,
                c.net_to_seller, c.buyer_total, int(b_paid), c.buyer_total - int(b_paid) if live else 0, int(s_paid),
                margin,
            )
        )  # fmt: skip
    return out


def count_contracts(session: Session, search: str = "", **filters: Any) -> int:
    """How many contracts :func:`list_contracts` would give (same keyword filters, no paging)."""
    require(session, Action.READ)
    stmt, _bp, _sp, state_col = _base([func.count(C.id)], parties=bool(search_key(search).split()))
    conds = _filters(state_col, search, *_filter_args(filters))
    return session.scalar(stmt.where(and_(True, *conds))) or 0


def _filter_args(filters: dict[str, Any]) -> tuple[Any, ...]:
    keys = ("start", "end", "market_id", "species_code", "state", "contract_type", "party_id", "party_role")
    unknown = set(filters) - set(keys)
    if unknown:
        raise TypeError(f"unknown filters: {sorted(unknown)}")
    return tuple(filters.get(k) for k in keys)


def contract_totals(session: Session, search: str = "", **filters: Any) -> ContractTotals:
    """Totals of heads and amounts over the contracts :func:`list_contracts` would give (same filters).

    Drafts and cancelled contracts count only when the state filter asks for them."""
    require(session, Action.READ)
    margin = case((C.contract_type == "achat_revente", C.gross - C.cost), else_=C.commission)
    words = bool(search_key(search).split())
    stmt, bp, sp, state_col = _base([], every_row=True, parties=words)
    conds = _filters(state_col, search, *_filter_args(filters))
    if not filters.get("state"):
        conds.append(C.status.in_(("conclu", "livre")))
    chosen, _bp, _sp, chosen_state = _base([C.id], parties=words)  # the contracts counted, no payment summed
    chosen_conds = _filters(chosen_state, search, *_filter_args(filters))
    if not filters.get("state"):
        chosen_conds.append(C.status.in_(("conclu", "livre")))
    live = C.status.in_(("conclu", "livre"))
    sums = [
        func.count(C.id), func.sum(C.heads), func.sum(C.gross), func.sum(C.commission), func.sum(C.fees),
        func.sum(C.net_to_seller), func.sum(C.buyer_total), func.sum(bp), func.sum(case((live, C.buyer_total - bp),
        else_=0)), func.sum(sp), func.sum(margin),
    ]  # fmt: skip
    row = session.execute(stmt.add_columns(*sums).where(and_(True, *conds))).one()
    values = [int(v or 0) for v in row]
    line = LivestockContractLine
    ids = chosen.where(and_(True, *chosen_conds)).subquery()
    by_species = session.execute(
        select(Species.name, func.sum(line.heads))
        .join(Species, Species.code == line.species_code)
        .where(line.contract_id.in_(select(ids.c.id)))
        .group_by(Species.name, Species.sort_order)
        .order_by(Species.sort_order)
    )
    return ContractTotals(*values, heads_by_species={name: int(h) for name, h in by_species})


def party_history(session: Session, party_id: int) -> PartyHistory:
    """Everything a party sold and bought through the centre, newest first, with totals."""
    require(session, Action.READ)
    p = session.get(Party, party_id)
    if p is None:
        raise DomainError("not_found", entity="Tiers", key=party_id)
    return PartyHistory(
        party_block(p),
        tuple(list_contracts(session, party_id=party_id, party_role="seller")),
        tuple(list_contracts(session, party_id=party_id, party_role="buyer")),
        contract_totals(session, party_id=party_id, party_role="seller"),
        contract_totals(session, party_id=party_id, party_role="buyer"),
    )
