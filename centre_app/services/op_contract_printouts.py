"""Printouts of OP contracts: the contract (or avenant) with its frozen text, its échéancier and the
quarterly follow-up report — services' DTOs turned into frozen print data, then PDF bytes.

The print date is the services' clock (``now``): a test that pins ``session.info["now"]`` gets the same
bytes every time.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, timedelta
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_number
from centre_app.domain.op_contracts import (
    INCIDENT_KINDS,
    OBLIGATION_STATES,
    SCHEDULE_STATES,
    obligation_state,
    quarter_bounds,
    quarter_label,
    schedule_state,
)
from centre_app.domain.permissions import Action
from centre_app.models.cash import Allocation, Payment
from centre_app.models.op_contracts import OpIncident
from centre_app.printing.op_contract import ContractPrintData, ContractSection, render_op_contract
from centre_app.printing.op_followup import (
    FollowUpData,
    FollowUpIndicator,
    FollowUpObligation,
    FollowUpPayment,
    render_op_followup,
)
from centre_app.printing.op_schedule import ScheduleLinePrint, SchedulePrintData, render_op_schedule
from centre_app.services.context import now, require
from centre_app.services.op_clauses import contract_sections
from centre_app.services.op_contract_family import by_number
from centre_app.services.op_contract_queries import get_contract
from centre_app.services.op_contract_rows import IndicatorRow
from centre_app.services.printouts import letterhead

CONTRACT_TITLE = "Contrat de prestation de services"
AMENDMENT_TITLE = "Avenant au contrat"  # short: it runs at the head of every page beside the centre's name


def contract_print_data(session: Session, contract_id: int) -> ContractPrintData:
    doc = get_contract(session, contract_id)
    own = doc.id
    return ContractPrintData(
        title=AMENDMENT_TITLE if doc.parent_id else CONTRACT_TITLE,
        number=doc.number if doc.hash else "", draft_label="" if doc.hash else doc.number,
        service_label=doc.row.service_label, op_name=doc.row.op_name, parent_number=doc.parent_number,
        effect_date=doc.row.effect_date, end_date=doc.own_end_date, amount=doc.own_amount,
        signature_date=doc.row.signature_date,
        sections=tuple(ContractSection(s.code, s.heading, s.body) for s in contract_sections(session, own)),
        signatories=tuple((s.side, s.name, s.capacity) for s in doc.signatories),
        schedule=tuple((i, x.due_date, x.label, x.amount)
                       for i, x in enumerate((x for x in doc.schedule if x.contract_id == own), start=1)),
        obligations=tuple((o.side_label, o.deliverable, o.quantity_label, o.due_date)
                          for o in doc.obligations if o.contract_id == own),
        indicators=tuple((i.name, i.unit, _num(i.target)) for i in doc.indicators if i.contract_id == own),
        currency=letterhead(session).currency,
    )  # fmt: skip


def _num(value: Decimal) -> str:
    return format_number(value)


def contract_pdf(session: Session, contract_id: int) -> bytes:
    """The contract or avenant (a draft prints as a « PROJET »), as PDF bytes."""
    require(session, Action.READ)
    return render_op_contract(contract_print_data(session, contract_id), letterhead(session), now(session))


def contract_pdf_by_number(session: Session, number: str) -> bytes:
    """For the command line: ``print op-contract COP-2026-0003`` (or an avenant « COP-2026-0003/A1 »)."""
    require(session, Action.READ)
    return contract_pdf(session, by_number(session, number).id)


def schedule_print_data(session: Session, contract_id: int) -> SchedulePrintData:
    doc = get_contract(session, contract_id)
    return SchedulePrintData(
        number=doc.number, op_name=doc.row.op_name, object=doc.row.object, state_label=doc.state_label,
        effect_date=doc.row.effect_date, end_date=doc.row.end_date, as_of=now(session).astimezone(UTC).date(),
        lines=tuple(ScheduleLinePrint(x.position, x.source_number, x.due_date, x.label, x.amount, x.paid,
                                      x.remaining, x.state_label, x.receipts) for x in doc.schedule),
        late_amount=sum(x.remaining for x in doc.schedule if x.state == "en_retard"),
        currency=letterhead(session).currency,
    )  # fmt: skip


def schedule_pdf(session: Session, contract_id: int) -> bytes:
    """The échéancier of a contract (with its avenants' lines), paid and late at today's date."""
    require(session, Action.READ)
    return render_op_schedule(schedule_print_data(session, contract_id), letterhead(session), now(session))


def _indicator(i: IndicatorRow, year: int, quarter: int) -> FollowUpIndicator:
    upto = [m for m in i.measures if (m.year, m.quarter) <= (year, quarter)]
    value = next((m.value for m in upto if (m.year, m.quarter) == (year, quarter)), None)
    if not upto:
        cumulative = None
    elif i.unit.strip() == "%":
        cumulative = upto[-1].value
    else:
        cumulative = sum((m.value for m in upto), Decimal(0))
    achievement = None
    if cumulative is not None and i.target:
        achievement = (cumulative * 100 / i.target).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return FollowUpIndicator(i.name, i.unit, i.target, value, cumulative, achievement)


def followup_data(session: Session, contract_id: int, year: int, quarter: int) -> FollowUpData:
    doc = get_contract(session, contract_id)
    if doc.parent_id is not None:
        doc = get_contract(session, doc.parent_id)
    start, end = quarter_bounds(year, quarter)
    label = quarter_label(year, quarter)
    if start > now(session).astimezone(UTC).date():
        raise DomainError("op_indicator.future_quarter", quarter=label)
    if end <= doc.row.effect_date:
        raise DomainError("op_indicator.before_contract", quarter=label)
    # States as on the last day of the quarter, or today while it runs.
    as_of = min(end - timedelta(days=1), now(session).astimezone(UTC).date())
    obligations = []
    for o in doc.obligations:
        done = o.done_on is not None and o.done_on <= as_of
        state = obligation_state("fait" if done else "a_faire", o.due_date, as_of)
        done_on = o.done_on if done else None
        obligations.append(
            FollowUpObligation(
                o.side_label, o.deliverable, o.quantity_label, o.due_date, OBLIGATION_STATES[state], done_on, o.notes
            )
        )
    lines = [x for x in doc.schedule if x.due_date < end and x.state != "annulee"]
    paid: dict[int, int] = defaultdict(int)
    due_ids = [x.due_id for x in lines if x.due_id]
    if due_ids:
        for due_id, amount in session.execute(
            select(Allocation.due_id, Allocation.amount)
            .join(Payment, Payment.id == Allocation.payment_id)
            .where(Allocation.due_id.in_(due_ids), Payment.status == "valide", Payment.business_date <= as_of)
        ):
            paid[due_id] += amount
    payments = []
    for x in lines:
        got = min(paid.get(x.due_id or 0, 0), x.amount)
        state = schedule_state(x.amount, got, x.due_date, as_of)
        payments.append(FollowUpPayment(x.due_date, x.label, x.amount, got, SCHEDULE_STATES[state]))
    ids = [doc.id] + [a.id for a in doc.amendments]
    in_quarter = select(OpIncident).where(
        OpIncident.contract_id.in_(ids), OpIncident.occurred_on >= start, OpIncident.occurred_on < end
    )
    incidents = tuple(
        (i.occurred_on, INCIDENT_KINDS.get(i.kind, i.kind), i.description, i.action_taken)
        for i in session.scalars(in_quarter.order_by(OpIncident.occurred_on, OpIncident.id))
    )
    return FollowUpData(
        number=doc.number, op_name=doc.row.op_name, service_label=doc.row.service_label, state_label=doc.state_label,
        effect_date=doc.row.effect_date, end_date=doc.row.end_date, quarter_label=label, start=start,
        last_day=end - timedelta(days=1), as_of=as_of, obligations=tuple(obligations),
        indicators=tuple(_indicator(i, year, quarter) for i in doc.indicators), payments=tuple(payments),
        incidents=incidents, signatories=tuple((s.side, s.name, s.capacity) for s in doc.signatories),
        currency=letterhead(session).currency,
    )  # fmt: skip


def followup_pdf(session: Session, contract_id: int, year: int, quarter: int) -> bytes:
    """The quarterly follow-up report of a contract (obligations, indicators, payments, incidents)."""
    require(session, Action.READ)
    return render_op_followup(followup_data(session, contract_id, year, quarter), letterhead(session), now(session))


__all__ = [
    "contract_pdf",
    "contract_pdf_by_number",
    "contract_print_data",
    "followup_data",
    "followup_pdf",
    "schedule_pdf",
    "schedule_print_data",
]
