"""Reading OP contracts: the list with its filters, one contract's whole file, the dashboard feeds
(contracts expiring, obligations due or late, payments late) and an OP's overview (its contracts, balance).

States shown are the ones the dates and payments give today (``op_contract_family``), even before
``op_contracts.refresh_states`` has stored them.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from centre_app.domain.backups import format_size
from centre_app.domain.errors import DomainError
from centre_app.domain.op_contracts import (
    AMENDMENT_STATES,
    INCIDENT_KINDS,
    LIVE_STATES,
    OBLIGATION_STATES,
    SCHEDULE_STATES,
    SERVICE_TYPES,
    SIDES,
    STATES,
    available_actions,
    obligation_state,
    quarter_label,
)
from centre_app.domain.permissions import Action
from centre_app.domain.quantity import from_base_milli
from centre_app.domain.text import search_key
from centre_app.models.cash import Allocation, Payment
from centre_app.models.op_contracts import (
    OpAttachment,
    OpContract,
    OpIncident,
    OpIndicator,
    OpIndicatorMeasure,
    OpObligation,
    OpScheduleLine,
    OpSignatory,
    OpTransition,
)
from centre_app.models.parties import Party
from centre_app.services.context import require
from centre_app.services.dues import party_balance
from centre_app.services.op_contract_family import Family, by_number, display_number, families, load, today_of
from centre_app.services.op_contract_rows import (
    AmendmentRow,
    AttachmentRow,
    ContractDoc,
    ContractRow,
    IncidentRow,
    IndicatorRow,
    MeasureRow,
    ObligationAlert,
    ObligationRow,
    OpDashboard,
    OpOverview,
    ScheduleAlert,
    ScheduleLineRow,
    SignatoryRow,
    TransitionRow,
    quantity_label,
)

DASHBOARD_EXPIRY_DAYS = 60
OBLIGATION_NOTICE_DAYS = 15  # an obligation due within this many days shows on the dashboard


def _op_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(session.execute(select(Party.id, Party.name).where(Party.id.in_(ids))).tuples().all())


def _row(f: Family, op_name: str, today: date) -> ContractRow:
    c = f.contract
    state = f.state(today)
    end = f.current_end(today)
    late = f.late_lines(today)
    planned = f.planned_amount()
    paid = f.paid_total()
    return ContractRow(
        id=c.id, number=display_number(c), signed=c.hash is not None, state=state, state_label=STATES[state],
        service_type=c.service_type, service_label=SERVICE_TYPES.get(c.service_type, c.service_type), op_id=c.op_id,
        op_name=op_name, object=c.object, signature_date=c.signature_date, effect_date=c.effect_date, end_date=end,
        tacit_renewal=c.tacit_renewal, planned_amount=planned, paid=paid,
        remaining=sum(x.amount for x in f.lines) - paid, late_amount=sum(x.amount - f.line_paid(x) for x in late),
        late_lines=len(late), obligations_late=len(f.late_obligations(today)),
        amendments=len(f.signed_amendments), days_to_end=(end - today).days,
    )  # fmt: skip


def _parents(
    session: Session, op_id: int | None = None, service_type: str | None = None,
    period: tuple[date, date] | None = None,
) -> list[OpContract]:  # fmt: skip
    stmt = select(OpContract).where(OpContract.parent_id.is_(None))
    if period is not None:  # ten years of contracts: not those surely over before the period (nor after it)
        amended = select(OpContract.parent_id).where(OpContract.parent_id.is_not(None))
        stmt = stmt.where(
            OpContract.effect_date < period[1],
            or_(OpContract.end_date >= period[0], OpContract.tacit_renewal.is_(True), OpContract.id.in_(amended)),
        )
    if op_id is not None:
        stmt = stmt.where(OpContract.op_id == op_id)
    if service_type:
        stmt = stmt.where(OpContract.service_type == service_type)
    return list(session.scalars(stmt.order_by(OpContract.id.desc())))


def list_contracts(
    session: Session,
    search: str = "",
    *,
    state: str | None = None,
    op_id: int | None = None,
    service_type: str | None = None,
    period: tuple[date, date] | None = None,
    expiring_within: int | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> list[ContractRow]:
    """Contracts (not their avenants, counted on each row), newest first.

    ``state`` filters on the state of today; ``period`` ``(start, end)`` half-open keeps contracts in force
    during it; ``expiring_within`` keeps live contracts whose end date (after renewals) is within that many days.
    """
    require(session, Action.READ)
    if state is not None and state not in STATES:
        raise DomainError("field.invalid", field="État", value=state)
    today = today_of(session)
    fams = families(session, _parents(session, op_id, service_type, period))
    names = _op_names(session, {f.contract.op_id for f in fams})
    words = search_key(search).split()
    out = []
    for f in fams:
        row = _row(f, names.get(f.contract.op_id, ""), today)
        if state is not None and row.state != state:
            continue
        if period is not None and (row.effect_date >= period[1] or row.end_date < period[0]):
            continue
        if expiring_within is not None and not (row.state in LIVE_STATES and 0 <= row.days_to_end <= expiring_within):
            continue
        if words and not all(w in search_key(row.number, row.op_name, row.object) for w in words):
            continue
        out.append(row)
    if expiring_within is not None:
        out.sort(key=lambda r: (r.end_date, r.number))
    return out[offset : None if limit is None else offset + limit]


def _receipts(session: Session, due_ids: list[int]) -> dict[int, tuple[str, ...]]:
    if not due_ids:
        return {}
    out: dict[int, list[str]] = {}
    for due_id, number in session.execute(
        select(Allocation.due_id, Payment.number)
        .join(Payment, Payment.id == Allocation.payment_id)
        .where(Allocation.due_id.in_(due_ids), Payment.status == "valide")
        .order_by(Payment.id)
    ):
        out.setdefault(due_id, []).append(number)
    return {k: tuple(v) for k, v in out.items()}


def _numbers(f: Family, own: OpContract) -> dict[int, str]:
    return {c.id: display_number(c) for c in (f.contract, *f.amendments, own)}


def schedule_rows(
    f: Family, lines: list[OpScheduleLine], receipts: dict[int, tuple[str, ...]], today: date, numbers: dict[int, str]
) -> tuple[ScheduleLineRow, ...]:
    out = []
    for x in lines:
        paid = min(f.line_paid(x), x.amount)
        st = f.line_state(x, today)
        out.append(
            ScheduleLineRow(
                id=x.id, contract_id=x.contract_id, source_number=numbers.get(x.contract_id, ""), position=x.position,
                due_date=x.due_date, label=x.label, amount=x.amount, paid=paid, remaining=x.amount - paid, state=st,
                state_label=SCHEDULE_STATES[st], days_late=(today - x.due_date).days if st == "en_retard" else 0,
                due_id=x.due_id, receipts=receipts.get(x.due_id, ()) if x.due_id else (),
            )
        )  # fmt: skip
    return tuple(out)


def obligation_rows(
    obligations: list[OpObligation], today: date, numbers: dict[int, str], signed: set[int] | None = None
) -> tuple[ObligationRow, ...]:
    """Rows of obligations; those of a draft (contract id not in ``signed``) are never late."""
    out = []
    for o in obligations:
        st = obligation_state(o.status, o.due_date, today)
        if signed is not None and o.contract_id not in signed:
            st = "a_faire"
        qty = from_base_milli(o.quantity) if o.quantity is not None else None
        out.append(
            ObligationRow(
                id=o.id, contract_id=o.contract_id, source_number=numbers.get(o.contract_id, ""), position=o.position,
                side=o.side, side_label=SIDES[o.side], deliverable=o.deliverable, quantity=qty, unit=o.unit,
                quantity_label=quantity_label(qty, o.unit), due_date=o.due_date, state=st,
                state_label=OBLIGATION_STATES[st], done_on=o.done_on, notes=o.notes, updated_by=o.updated_by,
            )
        )  # fmt: skip
    return tuple(out)


def indicator_rows(session: Session, contract_ids: list[int]) -> tuple[IndicatorRow, ...]:
    indicators = list(
        session.scalars(
            select(OpIndicator).where(OpIndicator.contract_id.in_(contract_ids)).order_by(OpIndicator.contract_id,
                                                                                         OpIndicator.position)
        )
    )  # fmt: skip
    latest: dict[tuple[int, int, int], OpIndicatorMeasure] = {}
    if indicators:
        for m in session.scalars(
            select(OpIndicatorMeasure)
            .where(OpIndicatorMeasure.indicator_id.in_([i.id for i in indicators]))
            .order_by(OpIndicatorMeasure.id)
        ):
            latest[(m.indicator_id, m.year, m.quarter)] = m  # a later measure of a quarter corrects the earlier
    out = []
    for i in indicators:
        measures = tuple(
            MeasureRow(y, q, quarter_label(y, q), from_base_milli(m.value), m.note, m.recorded_at, m.recorded_by)
            for (ind, y, q), m in sorted(latest.items())
            if ind == i.id
        )
        out.append(
            IndicatorRow(
                i.id, i.contract_id, i.position, i.name, i.unit, from_base_milli(i.target), measures,
                measures[-1].value if measures else None,
            )
        )  # fmt: skip
    return tuple(out)


def _amendment_row(a: OpContract) -> AmendmentRow:
    return AmendmentRow(
        a.id, display_number(a), a.amendment_no, a.status, AMENDMENT_STATES.get(a.status, a.status), a.object,
        a.effect_date, a.end_date, a.planned_amount, a.signature_date,
    )  # fmt: skip


def get_contract(session: Session, contract_id: int | None = None, number: str | None = None) -> ContractDoc:
    """A contract's (or an avenant's) whole file: parties, schedule, obligations, indicators, avenants,
    attachments, incidents and state history. A contract's schedule and obligations include those of its
    signed avenants (``source_number`` says where each comes from)."""
    require(session, Action.READ)
    c = load(session, contract_id) if contract_id is not None else by_number(session, number or "")
    today = today_of(session)
    parent = load(session, c.parent_id) if c.parent_id is not None else c
    f = families(session, [parent])[0]
    numbers = _numbers(f, c)
    if c.parent_id is None:
        lines, obligations, owners = f.lines, f.obligations, [c.id] + [a.id for a in f.signed_amendments]
    else:
        lines = list(session.scalars(select(OpScheduleLine).where(OpScheduleLine.contract_id == c.id)
                                     .order_by(OpScheduleLine.due_date, OpScheduleLine.id)))  # fmt: skip
        obligations = list(session.scalars(select(OpObligation).where(OpObligation.contract_id == c.id)
                                           .order_by(OpObligation.id)))  # fmt: skip
        owners = [c.id]
    receipts = _receipts(session, [x.due_id for x in lines if x.due_id])
    row = _row(f, _op_names(session, {c.op_id}).get(c.op_id, ""), today)
    signatories = tuple(
        SignatoryRow(s.side, SIDES[s.side], s.name, s.capacity)
        for s in session.scalars(select(OpSignatory).where(OpSignatory.contract_id == c.id)
                                 .order_by(OpSignatory.position))
    )  # fmt: skip
    incidents = tuple(
        IncidentRow(i.id, i.occurred_on, i.kind, INCIDENT_KINDS.get(i.kind, i.kind), i.description, i.action_taken,
                    i.recorded_at, i.recorded_by)
        for i in session.scalars(select(OpIncident).where(OpIncident.contract_id.in_(owners))
                                 .order_by(OpIncident.occurred_on, OpIncident.id))
    )  # fmt: skip
    attachments = tuple(
        AttachmentRow(a.id, a.title, a.filename, a.size, format_size(a.size), a.sha256, a.added_at, a.added_by)
        for a in session.scalars(select(OpAttachment).where(OpAttachment.contract_id == c.id)
                                 .order_by(OpAttachment.id))
    )  # fmt: skip
    history = tuple(
        TransitionRow(t.at, t.from_state, STATES.get(t.from_state, t.from_state), t.to_state,
                      STATES.get(t.to_state, t.to_state), t.reason, t.automatic, t.user_name)
        for t in session.scalars(select(OpTransition).where(OpTransition.contract_id == c.id).order_by(OpTransition.id))
    )  # fmt: skip
    is_amendment = c.parent_id is not None
    state = c.status if is_amendment else row.state
    return ContractDoc(
        row=row if not is_amendment else _amendment_list_row(row, c, lines, f),
        parent_id=c.parent_id, parent_number=display_number(parent) if is_amendment else "",
        amendment_no=c.amendment_no, state=state,
        state_label=AMENDMENT_STATES.get(state, STATES.get(state, state)), stored_state=c.status,
        notice_days=c.notice_days, advance=c.advance, payment_terms=c.payment_terms, guarantees=c.guarantees,
        dispute_forum=c.dispute_forum, court=c.court, place=c.place, copies=c.copies, note=c.note,
        created_at=c.created_at, created_by=c.created_by, signed_at=c.signed_at, signed_by=c.signed_by,
        status_reason=c.status_reason, terminated_on=c.terminated_on, hash=c.hash or "",
        own_end_date=c.end_date, own_amount=c.planned_amount, signatories=signatories,
        schedule=schedule_rows(f, lines, receipts, today, numbers),
        obligations=obligation_rows(obligations, today, numbers, _signed_ids(f, c)),
        indicators=indicator_rows(session, owners),
        amendments=tuple(_amendment_row(a) for a in f.amendments) if not is_amendment else (),
        attachments=attachments, incidents=incidents, history=history,
        actions=available_actions(state, amendment=is_amendment),
    )  # fmt: skip


def _signed_ids(f: Family, own: OpContract) -> set[int]:
    return {x.id for x in (f.contract, *f.amendments, own) if x.hash is not None}


def _amendment_list_row(row: ContractRow, a: OpContract, lines: list[OpScheduleLine], f: Family) -> ContractRow:
    """The list row of an avenant: its own number, object, dates and amounts (the OP's name is the contract's)."""
    from dataclasses import replace

    paid = sum(min(f.line_paid(x), x.amount) for x in lines)
    return replace(
        row, id=a.id, number=display_number(a), signed=a.hash is not None, state=a.status,
        state_label=AMENDMENT_STATES.get(a.status, a.status), object=a.object, signature_date=a.signature_date,
        effect_date=a.effect_date, planned_amount=a.planned_amount, paid=paid,
        remaining=sum(x.amount for x in lines) - paid, amendments=0,
    )  # fmt: skip


def dashboard(
    session: Session, *, within_days: int = DASHBOARD_EXPIRY_DAYS, notice_days: int = OBLIGATION_NOTICE_DAYS
) -> OpDashboard:
    """Contracts expiring within ``within_days`` (60), obligations due within ``notice_days`` or late,
    schedule lines paid late — the three dashboard feeds, most urgent first."""
    require(session, Action.READ)
    today = today_of(session)
    fams = families(session, _parents(session))
    names = _op_names(session, {f.contract.op_id for f in fams})
    expiring, obligations, late = [], [], []
    for f in fams:
        row = _row(f, names.get(f.contract.op_id, ""), today)
        if row.state not in LIVE_STATES:
            continue
        if 0 <= row.days_to_end <= within_days and row.state != "suspendu":
            expiring.append(row)
        numbers = _numbers(f, f.contract)
        for o in obligation_rows(f.obligations, today, numbers):
            horizon = today + timedelta(days=notice_days)
            if o.state == "en_retard" or (o.state == "a_faire" and o.due_date is not None and o.due_date <= horizon):
                obligations.append(ObligationAlert(row.id, row.number, row.op_name, o))
        for x in schedule_rows(f, f.late_lines(today), {}, today, numbers):
            late.append(ScheduleAlert(row.id, row.number, row.op_name, x))
    expiring.sort(key=lambda r: (r.end_date, r.number))
    obligations.sort(key=lambda a: (a.obligation.due_date or date.max, a.contract_number))
    late.sort(key=lambda a: (a.line.due_date, a.contract_number))
    return OpDashboard(today, tuple(expiring), tuple(obligations), tuple(late))


def op_overview(session: Session, op_id: int) -> OpOverview:
    """An OP's contracts (newest first) with what they plan, what was paid, what is late, and its account balance."""
    require(session, Action.READ)
    today = today_of(session)
    party = session.get(Party, op_id)
    if party is None:
        raise DomainError("not_found", entity="Tiers", key=op_id)
    rows = list_contracts(session, op_id=op_id)
    live = [r for r in rows if r.signed]
    return OpOverview(
        op_id=op_id, op_name=party.name, contracts=tuple(rows),
        live=sum(1 for r in rows if r.state in LIVE_STATES), planned_total=sum(r.planned_amount for r in live),
        paid_total=sum(r.paid for r in live), remaining_total=sum(r.remaining for r in live),
        late_amount=sum(r.late_amount for r in live), account_balance=party_balance(session, op_id), today=today,
    )  # fmt: skip


def attachment_content(session: Session, attachment_id: int) -> tuple[str, bytes]:
    """(file name, bytes) of an attachment, to open or save it."""
    from centre_app.models.op_contracts import OpAttachmentBlob

    require(session, Action.READ)
    a = session.get(OpAttachment, attachment_id)
    if a is None:
        raise DomainError("not_found", entity="Pièce jointe", key=attachment_id)
    blob = session.get(OpAttachmentBlob, a.blob_id)
    assert blob is not None
    return a.filename, blob.content


__all__ = [
    "attachment_content",
    "dashboard",
    "get_contract",
    "list_contracts",
    "op_overview",
]
