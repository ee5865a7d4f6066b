"""What `check` verifies for the stock: the ledger chain, the chains of receptions (BR), deliveries (BL),
operations (MVT), confirmed orders (CMD) and closed inventories (INV), their numbering series, and that the
monthly totals cache equals the ledger (``CHECKS``)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from centre_app.domain.numbering import DOC_TYPES, format_number
from centre_app.models.stock import (
    Delivery,
    DeliveryLine,
    Inventory,
    InventoryLine,
    Order,
    OrderLine,
    Reception,
    ReceptionLine,
    StockMonthTotal,
    StockMovement,
    StockOperation,
)
from centre_app.services.deliveries import delivery_fields
from centre_app.services.integrity import ChainSpec, Defect, SeriesSpec
from centre_app.services.inventory import inventory_fields
from centre_app.services.orders import line_key, order_fields
from centre_app.services.stock import reception_fields
from centre_app.services.stock_ledger import month_of, movement_fields
from centre_app.services.stock_operations import operation_fields


def _grouped(session: Session, stmt: Any) -> dict[int, list[tuple[Any, ...]]]:
    out: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for row in session.execute(stmt):
        out[row[0]].append(tuple(row[1:]))
    return out


def _reception_lines(session: Session) -> dict[int, list[tuple[Any, ...]]]:
    r = ReceptionLine
    return _grouped(session, select(r.reception_id, r.product_id, r.unit, r.unit_count, r.quantity, r.unit_price,
                                    r.amount))  # fmt: skip


def _delivery_lines(session: Session) -> dict[int, list[tuple[Any, ...]]]:
    d = DeliveryLine
    return _grouped(session, select(d.delivery_id, d.order_line_id, d.product_id, d.quantity))


def _operation_moves(session: Session) -> dict[int, list[tuple[Any, ...]]]:
    m = StockMovement
    return _grouped(
        session, select(m.source_id, m.product_id, m.warehouse_id, m.quantity).where(m.source_type == "operation")
    )


def _order_lines(session: Session) -> dict[int, list[tuple[Any, ...]]]:
    out: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for x in session.execute(select(OrderLine)).scalars():
        out[x.order_id].append(line_key(x))
    return out


def _inventory_lines(session: Session) -> dict[int, list[tuple[Any, ...]]]:
    i = InventoryLine
    return _grouped(session, select(i.inventory_id, i.product_id, i.theoretical, i.counted))


def _describe(label: str) -> Any:
    return lambda t, y, s: f"{label} {format_number(DOC_TYPES[t].default_format, y, s)}"


CHAINS = [
    ChainSpec(
        label="Grand livre du stock",
        table=StockMovement.__table__,  # type: ignore[arg-type]
        order_by=("id",),
        fields=movement_fields,
        describe=lambda r: f"le mouvement de stock n° {r.id} ({r.number})",
    ),
    ChainSpec(
        label="Bons de réception",
        table=Reception.__table__,  # type: ignore[arg-type]
        order_by=("id",),
        fields=lambda r, lines: reception_fields(r, lines.get(r.id, [])),
        describe=lambda r: f"le bon de réception {r.number}",
        prepare=_reception_lines,
    ),
    ChainSpec(
        label="Bons de livraison",
        table=Delivery.__table__,  # type: ignore[arg-type]
        order_by=("id",),
        fields=lambda r, lines: delivery_fields(r, lines.get(r.id, [])),
        describe=lambda r: f"le bon de livraison {r.number}",
        prepare=_delivery_lines,
    ),
    ChainSpec(
        label="Mouvements de stock",
        table=StockOperation.__table__,  # type: ignore[arg-type]
        order_by=("id",),
        fields=lambda r, moves: operation_fields(r, moves.get(r.id, [])),
        describe=lambda r: f"le document de stock {r.number}",
        prepare=_operation_moves,
    ),
    ChainSpec(
        label="Commandes",
        table=Order.__table__,  # type: ignore[arg-type]
        order_by=("chain_pos",),
        fields=lambda r, lines: order_fields(r, lines.get(r.id, [])),
        describe=lambda r: f"la commande {r.number}",
        where=lambda t: t.c.hash.is_not(None),
        prepare=_order_lines,
    ),
    ChainSpec(
        label="Inventaires",
        table=Inventory.__table__,  # type: ignore[arg-type]
        order_by=("chain_pos",),
        fields=lambda r, lines: inventory_fields(r, lines.get(r.id, [])),
        describe=lambda r: f"l'inventaire {r.number}",
        where=lambda t: t.c.hash.is_not(None),
        prepare=_inventory_lines,
    ),
]
SERIES = [
    SeriesSpec(
        label="Bons de réception",
        table=Reception.__table__,  # type: ignore[arg-type]
        doc_type="BR",
        year_column="year",
        seq_column="seq",
        describe=_describe("le bon de réception"),
    ),
    SeriesSpec(
        label="Bons de livraison",
        table=Delivery.__table__,  # type: ignore[arg-type]
        doc_type="BL",
        year_column="year",
        seq_column="seq",
        describe=_describe("le bon de livraison"),
    ),
    SeriesSpec(
        label="Mouvements de stock",
        table=StockOperation.__table__,  # type: ignore[arg-type]
        doc_type="MVT",
        year_column="year",
        seq_column="seq",
        describe=_describe("le document de stock"),
    ),
    SeriesSpec(
        label="Commandes",
        table=Order.__table__,  # type: ignore[arg-type]
        doc_type="CMD",
        year_column="year",
        seq_column="seq",
        describe=_describe("la commande"),
        where=lambda t: t.c.number.is_not(None),
    ),
    SeriesSpec(
        label="Inventaires",
        table=Inventory.__table__,  # type: ignore[arg-type]
        doc_type="INV",
        year_column="year",
        seq_column="seq",
        describe=_describe("l'inventaire"),
    ),
]


def month_totals_defects(session: Session) -> list[Defect]:
    """The monthly totals (used for stock at a date) must equal the ledger summed per product, magasin, month."""
    m = StockMovement
    ledger: dict[tuple[int, int, Any], tuple[int, int, int]] = {}
    for pid, wid, day, q, v in session.execute(
        select(m.product_id, m.warehouse_id, m.business_date, m.quantity, m.value)
    ):
        key = (pid, wid, month_of(day))
        a, b, c = ledger.get(key, (0, 0, 0))
        ledger[key] = (a + q, b + v, c + 1)
    t = StockMonthTotal
    cached = {
        (pid, wid, month): (q, v, n)
        for pid, wid, month, q, v, n in session.execute(
            select(t.product_id, t.warehouse_id, t.month, t.quantity, t.value, t.movements)
        )
    }
    if cached == ledger:
        return []
    key = sorted(set(cached) ^ set(ledger) | {k for k in cached if k in ledger and cached[k] != ledger[k]})[0]
    return [
        Defect(
            "stock",
            f"Cumuls du stock : le cumul du mois {key[2]:%m/%Y} (produit n° {key[0]}, magasin n° {key[1]}) ne "
            "correspond pas au grand livre du stock : les états de stock à une date seraient faux.",
        )
    ]


def negative_stock_defects(session: Session) -> list[Defect]:
    """A product never goes below zero in a magasin (current stock)."""
    t = StockMonthTotal
    row = session.execute(
        select(t.product_id, t.warehouse_id)
        .group_by(t.product_id, t.warehouse_id)
        .having(func.sum(t.quantity) < 0)
        .limit(1)
    ).first()
    if row is None:
        return []
    return [Defect("stock", f"Stock négatif : produit n° {row[0]} au magasin n° {row[1]}.")]


CHECKS = [month_totals_defects, negative_stock_defects]
