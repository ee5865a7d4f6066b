"""What `check` verifies for livestock: the chains of concluded contracts (with their lines and débours),
of tracked documents, of cancellations (ACB) and of the centre's livestock stock; the CBV and ACB series;
and rules no hash covers (``CHECKS``): the workflow status agrees with the delivery and cancellation
records, the stored figures are those the lines and débours give, the centre never holds negative heads.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from centre_app.domain import livestock as dom
from centre_app.domain.errors import DomainError
from centre_app.domain.numbering import DOC_TYPES, format_number
from centre_app.models.livestock import (
    LivestockCancellation,
    LivestockContract,
    LivestockContractFee,
    LivestockContractLine,
    LivestockDocument,
    LivestockStockMove,
)
from centre_app.services.integrity import ChainSpec, Defect, SeriesSpec
from centre_app.services.livestock_stock import move_fields, stock_defects
from centre_app.services.livestock_workflow import (
    cancellation_fields,
    contract_fields,
    document_fields,
    fee_key,
    line_key,
)

LABEL = "Contrats de bétail"


def _children(session: Session) -> tuple[dict[int, list[Any]], dict[int, list[Any]]]:
    lines: dict[int, list[Any]] = defaultdict(list)
    fees: dict[int, list[Any]] = defaultdict(list)
    for x in session.execute(select(LivestockContractLine.__table__)):
        lines[x.contract_id].append(x)
    for f in session.execute(select(LivestockContractFee.__table__)):
        fees[f.contract_id].append(f)
    return lines, fees


def _contract_fields(row: Any, children: tuple[dict[int, list[Any]], dict[int, list[Any]]]) -> dict[str, Any]:
    lines, fees = children
    return contract_fields(
        row, [line_key(x) for x in lines.get(row.id, [])], [fee_key(f) for f in fees.get(row.id, [])]
    )


def _describe(label: str) -> Any:
    return lambda t, y, s: f"{label} {format_number(DOC_TYPES[t].default_format, y, s)}"


CHAINS = [
    ChainSpec(
        label=LABEL,
        table=LivestockContract.__table__,  # type: ignore[arg-type]
        order_by=("chain_pos",),
        fields=_contract_fields,
        describe=lambda r: f"le contrat de vente de bétail {r.number}",
        where=lambda t: t.c.hash.is_not(None),
        prepare=_children,
    ),
    ChainSpec(
        label="Documents des contrats de bétail",
        table=LivestockDocument.__table__,  # type: ignore[arg-type]
        order_by=("chain_pos",),
        fields=document_fields,
        describe=lambda r: f"le document {dom.DOCUMENT_KINDS.get(r.kind, r.kind).lower()} n° {r.number}",
        where=lambda t: t.c.hash.is_not(None),
    ),
    ChainSpec(
        label="Annulations de contrats de bétail",
        table=LivestockCancellation.__table__,  # type: ignore[arg-type]
        order_by=("id",),
        fields=cancellation_fields,
        describe=lambda r: f"l'annulation {r.number}",
        feminine=True,
    ),
    ChainSpec(
        label="Stock de bétail du centre",
        table=LivestockStockMove.__table__,  # type: ignore[arg-type]
        order_by=("id",),
        fields=move_fields,
        describe=lambda r: f"le mouvement de bétail n° {r.id} ({r.number})",
    ),
]
SERIES = [
    SeriesSpec(
        label=LABEL,
        table=LivestockContract.__table__,  # type: ignore[arg-type]
        doc_type="CBV",
        year_column="year",
        seq_column="seq",
        describe=_describe("le contrat de vente de bétail"),
        where=lambda t: t.c.number.is_not(None),
    ),
    SeriesSpec(
        label="Annulations de contrats de bétail",
        table=LivestockCancellation.__table__,  # type: ignore[arg-type]
        doc_type="ACB",
        year_column="year",
        seq_column="seq",
        describe=_describe("l'annulation"),
    ),
]


def status_defects(session: Session) -> list[Defect]:
    """Concluded ⇔ hashed; « livré » ⇔ delivered; « annulé » ⇔ its counter-document exists."""
    cancelled = set(session.scalars(select(LivestockCancellation.contract_id)))
    rows = session.execute(
        select(LivestockContract.id, LivestockContract.number, LivestockContract.status, LivestockContract.hash,
               LivestockContract.delivered_at)
    )  # fmt: skip
    out = []
    for cid, number, status, digest, delivered in rows:
        name = f"{LABEL} : le contrat {number or f'brouillon n° {cid}'}"
        if status not in ("brouillon", "conclu", "livre", "annule"):
            out.append(Defect("status", f"{name} porte un état inconnu « {status} »."))
        elif (status == "brouillon") != (digest is None):
            out.append(Defect("status", f"{name} est « {status} » mais son empreinte ne correspond pas à cet état."))
        elif (status == "livre") != (delivered is not None) and status != "annule":
            out.append(Defect("status", f"{name} est marqué « {status} » sans concorder avec sa livraison."))
        elif (status == "annule") != (cid in cancelled):
            text = "est marqué annulé sans pièce d'annulation" if status == "annule" else "a une pièce d'annulation"
            out.append(Defect("status", f"{name} {text}."))
        if len(out) >= 20:
            break
    return out


def figures_defects(session: Session) -> list[Defect]:
    """The stored figures of each concluded contract are those its lines, commission and débours give."""
    lines, fees = _children(session)
    for c in session.execute(select(LivestockContract.__table__).where(LivestockContract.hash.is_not(None))):
        terms = (
            dom.CommissionTerms(c.commission_kind, c.commission_payer, c.commission_unit_amount, c.commission_rate_bp,
                                c.commission_species, c.commission_name)
            if c.commission_kind else None
        )  # fmt: skip
        try:
            f = dom.compute(
                c.contract_type,
                [dom.LineAmounts(x.species_code, x.heads, x.unit_price, x.unit_cost) for x in lines.get(c.id, [])],
                terms,
                [dom.FeeAmount(x.kind, x.amount, x.payer) for x in fees.get(c.id, [])],
            )
            stored = (c.gross, c.commission, c.fees, c.net_to_seller, c.buyer_total)
            ok = stored == (f.gross, f.commission, f.fees, f.net_to_seller, f.buyer_total)
        except DomainError:
            ok = False
        if not ok:
            return [
                Defect(
                    "livestock",
                    f"{LABEL} : les montants du contrat {c.number} ne correspondent plus à ses lignes d'animaux, "
                    "à sa commission et à ses débours.",
                )
            ]
    return []


def stock_negative_defects(session: Session) -> list[Defect]:
    return [Defect("livestock", f"Stock de bétail du centre négatif : {d}.") for d in stock_defects(session)]


CHECKS = [status_defects, figures_defects, stock_negative_defects]
