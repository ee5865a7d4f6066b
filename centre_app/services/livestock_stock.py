"""The centre's own animals (achat-revente): a small append-only, chained ledger of heads and value at cost.

An achat-revente contract puts its animals in at conclusion (cost = purchase price per head), takes them
out at delivery at the same cost, or gives them back to the seller when cancelled. Animals on hand are
the sum of the ledger; the margin of a contract is its sale price minus that cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from centre_app.domain.integrity import GENESIS, chain_hash
from centre_app.domain.livestock import STOCK_KINDS
from centre_app.domain.permissions import Action
from centre_app.models.livestock import LivestockContract, LivestockContractLine, LivestockStockMove
from centre_app.models.livestock_ref import LivestockCategory, Species
from centre_app.services.context import actor_of, now, require

_LAST = select(LivestockStockMove.hash).order_by(LivestockStockMove.id.desc()).limit(1)


def move_fields(m: Any) -> dict[str, Any]:
    at = m.at.astimezone(UTC) if m.at.tzinfo is not None else m.at.replace(tzinfo=UTC)
    return {
        "contract_id": m.contract_id, "line_id": m.line_id, "number": m.number, "kind": m.kind,
        "species_code": m.species_code, "category_id": m.category_id, "heads": m.heads, "value": m.value,
        "business_date": m.business_date, "at": at, "user_name": m.user_name,
    }  # fmt: skip


def post(
    session: Session, c: LivestockContract, lines: list[LivestockContractLine], kind: str, day: date, number: str
) -> None:
    """One movement per line: in (+) for ``entree``, out (−) for ``sortie`` and ``annulation``, at cost."""
    if kind not in STOCK_KINDS:
        raise ValueError(kind)
    sign = 1 if kind == "entree" else -1
    prev = session.scalar(_LAST) or GENESIS
    at = now(session).astimezone(UTC)
    user = actor_of(session).full_name
    for x in lines:
        m = LivestockStockMove(
            contract_id=c.id, line_id=x.id, number=number, kind=kind, species_code=x.species_code,
            category_id=x.category_id, heads=sign * x.heads, value=sign * x.cost_amount, business_date=day, at=at,
            user_name=user, prev_hash=prev, hash="",
        )  # fmt: skip
        m.hash = chain_hash(prev, move_fields(m))
        prev = m.hash
        session.add(m)
    session.flush()


@dataclass(frozen=True)
class StockRow:
    species_code: str
    species_name: str
    category_name: str
    heads: int
    value: int  # at cost


def animals_on_hand(session: Session, on: date | None = None) -> list[StockRow]:
    """The centre's animals per species and category (at the end of ``on``, or now), valued at cost."""
    require(session, Action.READ)
    m = LivestockStockMove
    stmt = (
        select(m.species_code, Species.name, LivestockCategory.name, func.sum(m.heads), func.sum(m.value))
        .join(Species, Species.code == m.species_code)
        .join(LivestockCategory, LivestockCategory.id == m.category_id)
        .group_by(m.species_code, Species.name, LivestockCategory.name, Species.sort_order)
        .having(func.sum(m.heads) != 0)
        .order_by(Species.sort_order, LivestockCategory.name)
    )
    if on is not None:
        stmt = stmt.where(m.business_date <= on)
    return [StockRow(code, sp, cat, int(h), int(v)) for code, sp, cat, h, v in session.execute(stmt)]


def stock_defects(session: Session) -> list[str]:
    """Heads on hand per species and category never below zero (French descriptions of the breaks)."""
    m = LivestockStockMove
    rows = session.execute(
        select(m.species_code, m.category_id, func.sum(m.heads))
        .group_by(m.species_code, m.category_id)
        .having(func.sum(m.heads) < 0)
        .limit(5)
    )
    return [f"espèce {code}, catégorie n° {cat} : {heads} têtes" for code, cat, heads in rows]
