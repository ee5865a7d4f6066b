"""Entry source of the livestock sales contracts (``accounting.ENTRY_SOURCES``) and their workbook sheet
(``monthly_report.SHEET_SOURCES``), booked as ``services.accounting`` documents it:

* mandat de vente / vente directe, on the contract date (VT, PieceRef CBV-…): D « mandat_acheteur » (buyer)
  the buyer's total; C « mandat_vendeur » (seller) the net due to him; C « commission_betail » the commission;
  C « debours_tiers » the débours. The gross price only transits through 473x: it is never revenue.
* achat-revente: the purchase (AC) D « achat_betail » the cost / C « fournisseurs » (seller) the net / C
  « debours_tiers » the seller's débours; the sale (VT) D « clients » (buyer) / C « vente_betail » the gross /
  C « debours_tiers » the buyer's débours. Its animals in and out (``livestock_stock_moves``) make OD entries
  « stock_betail » / « variation_stock » per document on the month's last day.
* a cancellation (ACB-…) reverses the conclusion entries on its own day.

``DUE_ACCOUNTS`` sends the buyer's receipts to 4732 (or 4111 in achat-revente) and the bons de paiement
vendeur to 4731 (or 4011).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from centre_app.domain.accounting import Entry, Leg, make_entry, reversed_entry
from centre_app.domain.livestock import CONTRACT_TYPES
from centre_app.domain.periods import Period
from centre_app.domain.stock import allocate
from centre_app.domain.text import tidy
from centre_app.models.livestock import (
    LivestockCancellation,
    LivestockContract,
    LivestockContractLine,
    LivestockStockMove,
)
from centre_app.models.livestock_ref import Species
from centre_app.models.parties import Party


def _contract_type(session: Session, due: Any) -> str:
    """The type of the contract behind a due. Read once per contract and session (a month's receipts settle a
    few hundred of them: not one contract loaded per receipt); a concluded contract's type is frozen."""
    if due.source_id is None:
        return "mandat"
    known: dict[int, str] | None = session.info.get("livestock_contract_types")
    if known is None:  # every contract's type in one read (ten years: 20 000 short rows)
        known = session.info["livestock_contract_types"] = dict(
            session.execute(select(LivestockContract.id, LivestockContract.contract_type)).tuples().all()
        )
    if due.source_id not in known:  # concluded since, in this session
        known[due.source_id] = (
            session.scalar(select(LivestockContract.contract_type).where(LivestockContract.id == due.source_id))
            or "mandat"
        )
    return known[due.source_id]


def _buyer_key(session: Session, due: Any) -> str:
    return "clients" if _contract_type(session, due) == "achat_revente" else "mandat_acheteur"


def _seller_key(session: Session, due: Any) -> str:
    return "fournisseurs" if _contract_type(session, due) == "achat_revente" else "mandat_vendeur"


DUE_ACCOUNTS: dict[str, str | Callable[[Session, Any], str]] = {
    "livestock_buyer": _buyer_key,
    "livestock_seller": _seller_key,
}


def conclusion_entries(c: LivestockContract, parties: dict[int, tuple[str, str]]) -> list[Entry]:
    """What concluding the contract books (one entry, two for an achat-revente)."""
    buyer, seller = parties.get(c.buyer_id, ("", "")), parties.get(c.seller_id, ("", ""))
    number, day = c.number or "", c.contract_date
    kind = CONTRACT_TYPES[c.contract_type].lower()
    label = f"Contrat de bétail {number} ({kind}) — {seller[1]} à {buyer[1]}"[:200]
    if c.contract_type != "achat_revente":
        legs = [
            Leg("mandat_acheteur", c.buyer_total, *buyer), Leg("mandat_vendeur", -c.net_to_seller, *seller),
            Leg("commission_betail", -c.commission), Leg("debours_tiers", -c.fees),
        ]  # fmt: skip
        entry = make_entry("VT", day, number, day, label, legs)
        return [entry] if entry is not None else []
    out = []
    purchase = make_entry(
        "AC", day, number, day, f"Achat de bétail {number} — {seller[1]}"[:200],
        [Leg("achat_betail", c.cost), Leg("fournisseurs", -c.net_to_seller, *seller),
         Leg("debours_tiers", -c.fees_seller)],
    )  # fmt: skip
    sale = make_entry(
        "VT", day, number, day, f"Vente de bétail {number} — {buyer[1]}"[:200],
        [Leg("clients", c.buyer_total, *buyer), Leg("vente_betail", -c.gross), Leg("debours_tiers", -c.fees_buyer)],
    )  # fmt: skip
    for entry in (purchase, sale):
        if entry is not None:
            out.append(entry)
    return out


def _parties(session: Session, contracts: list[LivestockContract]) -> dict[int, tuple[str, str]]:
    ids = sorted({i for c in contracts for i in (c.buyer_id, c.seller_id)})
    if not ids:
        return {}
    return {
        i: (code, name)
        for i, code, name in session.execute(select(Party.id, Party.code, Party.name).where(Party.id.in_(ids)))
    }


def entries(session: Session, start: date, end: date) -> list[Entry]:
    """The livestock contracts' entries for ``[start, end)``."""
    concluded = list(
        session.scalars(
            select(LivestockContract)
            .where(
                LivestockContract.number.is_not(None), LivestockContract.contract_date >= start,
                LivestockContract.contract_date < end,
            )
            .order_by(LivestockContract.id)
        )
    )  # fmt: skip
    cancels = list(
        session.execute(
            select(LivestockCancellation, LivestockContract)
            .join(LivestockContract, LivestockContract.id == LivestockCancellation.contract_id)
            .where(LivestockCancellation.business_date >= start, LivestockCancellation.business_date < end)
            .order_by(LivestockCancellation.id)
        ).tuples()
    )
    parties = _parties(session, concluded + [c for _x, c in cancels])
    out = [e for c in concluded for e in conclusion_entries(c, parties)]
    for x, c in cancels:
        text = f"Annulation de {c.number} ({x.number}) : {tidy(x.reason)}"[:200]
        out += [reversed_entry(e, x.business_date, x.number, text) for e in conclusion_entries(c, parties)]
    out += _variations(session, start, end)
    return out


def _variations(session: Session, start: date, end: date) -> list[Entry]:
    stmt = (
        select(
            LivestockStockMove.number, func.min(LivestockStockMove.business_date), func.sum(LivestockStockMove.value)
        )
        .where(LivestockStockMove.business_date >= start, LivestockStockMove.business_date < end)
        .group_by(LivestockStockMove.number)
        .order_by(func.min(LivestockStockMove.id))
    )
    out = []
    for number, first_day, value in session.execute(stmt):
        label = f"Variation des stocks — bétail {number}"
        legs = [Leg("stock_betail", int(value)), Leg("variation_stock", -int(value))]
        entry = make_entry("OD", end - timedelta(days=1), number, first_day, label, legs)
        if entry is not None:
            out.append(entry)
    return out


def monthly_sheets(session: Session, period: Period) -> list[Any]:
    """« Bétail vendu »: contracts concluded in the month (not cancelled) by type and species: heads, gross value,
    commissions (a contract's commission shared among its species in proportion to their value, exactly) and
    the achat-revente margin (sale − cost of its lines)."""
    from centre_app.services.monthly_report import Column, Sheet

    names = dict(session.execute(select(Species.code, Species.name)).tuples().all())
    stmt = (
        select(LivestockContract, LivestockContractLine.species_code, func.sum(LivestockContractLine.heads),
               func.sum(LivestockContractLine.amount), func.sum(LivestockContractLine.cost_amount))
        .join(LivestockContractLine, LivestockContractLine.contract_id == LivestockContract.id)
        .where(LivestockContract.number.is_not(None), LivestockContract.contract_date >= period.start,
               LivestockContract.contract_date < period.end, LivestockContract.status != "annule")
        .group_by(LivestockContract.id, LivestockContractLine.species_code)
        .order_by(LivestockContract.id, LivestockContractLine.species_code)
    )  # fmt: skip
    per_contract: dict[int, list[Any]] = defaultdict(list)
    contracts: dict[int, LivestockContract] = {}
    for c, species, heads, amount, cost in session.execute(stmt).tuples():
        contracts[c.id] = c
        per_contract[c.id].append((species, int(heads), int(amount), int(cost)))
    acc: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for cid, parts in per_contract.items():
        c = contracts[cid]
        resale = c.contract_type == "achat_revente"
        shares = allocate(0 if resale else c.commission, [amount for _s, _h, amount, _c in parts])
        for (species, heads, amount, cost), commission in zip(parts, shares, strict=True):
            a = acc[(CONTRACT_TYPES[c.contract_type], names.get(species, species))]
            a[0] += heads
            a[1] += amount
            a[2] += commission
            a[3] += amount - cost if resale else 0
    columns = (
        Column("Type de contrat"), Column("Espèce"), Column("Têtes", "integer", True),
        Column("Valeur brute", "money", True), Column("Commissions", "money", True),
        Column("Marge achat-revente", "money", True),
    )  # fmt: skip
    rows = tuple((kind, species, *values) for (kind, species), values in sorted(acc.items()))
    return [Sheet("Bétail vendu", columns, rows)]
