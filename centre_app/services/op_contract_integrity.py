"""What `check` verifies for OP contracts: the chain of signed contracts and avenants (header, signatories,
schedule, obligations as defined, indicators and the frozen text), the COP series, and in ``CHECKS`` what
no hash covers: avenants numbered A1, A2… under each contract, a known state with its history, and the
dues opened by each schedule line.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from centre_app.domain.numbering import DOC_TYPES, format_number
from centre_app.domain.op_contracts import STATES, amendment_number
from centre_app.models.cash import Due
from centre_app.models.op_contracts import OpContract, OpContractText, OpScheduleLine, OpTransition
from centre_app.services.integrity import ChainSpec, Defect, SeriesSpec
from centre_app.services.op_contract_workflow import contract_fields, contract_parts, parts_of

LABEL = "Contrats OP"


def _describe(row: Any) -> str:
    return f"{'l’avenant' if row.parent_id is not None else 'le contrat'} {row.number}"


CHAINS = [
    ChainSpec(
        label=LABEL,
        table=OpContract.__table__,  # type: ignore[arg-type]
        order_by=("chain_pos",),
        fields=lambda r, parts: contract_fields(r, parts_of(parts, r.id)),
        describe=_describe,
        where=lambda t: t.c.hash.is_not(None),
        prepare=contract_parts,
    )
]
SERIES = [
    SeriesSpec(
        label=LABEL,
        table=OpContract.__table__,  # type: ignore[arg-type]
        doc_type="COP",
        year_column="year",
        seq_column="seq",
        describe=lambda t, y, s: f"le contrat {format_number(DOC_TYPES[t].default_format, y, s)}",
        where=lambda t: t.c.number.is_not(None) & t.c.parent_id.is_(None),
    )
]


def amendment_defects(session: Session) -> list[Defect]:
    """Signed avenants of a contract are numbered « <contrat>/A1 », « /A2 »… without a hole."""
    parents = select(OpContract.id, OpContract.number).where(OpContract.parent_id.is_(None))
    numbers = dict(session.execute(parents).tuples().all())
    seen: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for parent_id, no, number in session.execute(
        select(OpContract.parent_id, OpContract.amendment_no, OpContract.number).where(
            OpContract.parent_id.is_not(None), OpContract.hash.is_not(None)
        )
    ):
        seen[parent_id].append((no or 0, number or ""))
    for parent_id, rows in sorted(seen.items()):
        for expected, (no, number) in enumerate(sorted(rows), start=1):
            wanted = amendment_number(numbers.get(parent_id) or "", expected)
            if no != expected or number != wanted:
                return [Defect("numbering", f"{LABEL} : l'avenant {wanted} manque ou est mal numéroté ({number}).")]
    return []


def state_defects(session: Session) -> list[Defect]:
    """A known state; a draft has no hash nor text, a signed one both; the last move of its history is its state."""
    last: dict[int, str] = {}
    for contract_id, to_state in session.execute(
        select(OpTransition.contract_id, OpTransition.to_state).order_by(OpTransition.id)
    ):
        last[contract_id] = to_state
    texts = set(session.scalars(select(OpContractText.contract_id)))
    for c in session.execute(select(OpContract.id, OpContract.number, OpContract.status, OpContract.hash)).all():
        name = c.number or f"brouillon n° {c.id}"
        if c.status not in STATES:
            return [Defect("status", f"{LABEL} : {name} porte un état inconnu « {c.status} ».")]
        if (c.status == "brouillon") != (c.hash is None) or (c.hash is not None) != (c.id in texts):
            return [Defect("status", f"{LABEL} : {name} est « {STATES[c.status]} » mais sa signature est incomplète.")]
        if c.hash is not None and last.get(c.id) != c.status:
            return [Defect("status", f"{LABEL} : l'état de {name} ne correspond pas à son historique.")]
    return []


def due_defects(session: Session) -> list[Defect]:
    """Each schedule line of a signed contract has its due: same OP, amount and date, source « op_schedule »."""
    rows = session.execute(
        select(OpContract.number, OpContract.op_id, OpScheduleLine.id, OpScheduleLine.amount, OpScheduleLine.due_date,
               Due.party_id, Due.amount, Due.due_date, Due.source_type, Due.source_id)
        .join(OpScheduleLine, OpScheduleLine.contract_id == OpContract.id)
        .outerjoin(Due, Due.id == OpScheduleLine.due_id)
        .where(OpContract.hash.is_not(None))
    )  # fmt: skip
    for number, op_id, line_id, amount, due_date, party, due_amount, due_day, source, source_id in rows:
        if (party, due_amount, due_day, source, source_id) != (op_id, amount, due_date, "op_schedule", line_id):
            return [
                Defect("status", f"{LABEL} : une échéance du contrat {number} ne correspond pas à son dû en caisse.")
            ]
    return []


CHECKS = [amendment_defects, state_defects, due_defects]
