"""The frozen DTOs of OP contracts that screens and printouts receive (amounts in minor units, quantities
as Decimals, states as codes with their French labels)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from centre_app.domain.formatting import format_number


def quantity_label(quantity: Decimal | None, unit: str) -> str:
    """« 200 sacs de 50 kg », « 1 250,5 kg », « » when there is no quantity."""
    if quantity is None:
        return ""
    text = format_number(quantity)
    return f"{text} {unit}".strip()


@dataclass(frozen=True)
class ContractRow:
    """One line of the list (a contract with its signed avenants counted in its amounts and end date)."""

    id: int
    number: str  # « COP-2026-0003 », or « brouillon n° 12 »
    signed: bool
    state: str  # domain.op_contracts.STATES key, as of today
    state_label: str
    service_type: str
    service_label: str
    op_id: int
    op_name: str
    object: str
    signature_date: date | None
    effect_date: date
    end_date: date  # in force today: last avenant's, after tacit renewals
    tacit_renewal: bool
    planned_amount: int  # contract + signed avenants
    paid: int
    remaining: int
    late_amount: int
    late_lines: int
    obligations_late: int
    amendments: int  # signed avenants
    days_to_end: int  # negative once past


@dataclass(frozen=True)
class SignatoryRow:
    side: str  # centre / op
    side_label: str
    name: str
    capacity: str


@dataclass(frozen=True)
class ScheduleLineRow:
    id: int
    contract_id: int  # the contract or avenant the line belongs to
    source_number: str
    position: int
    due_date: date
    label: str
    amount: int
    paid: int
    remaining: int
    state: str  # a_venir / partiel / payee / en_retard / annulee
    state_label: str
    days_late: int
    due_id: int | None  # the due the caisse settles (None for a draft)
    receipts: tuple[str, ...]  # valid receipt numbers paying it


@dataclass(frozen=True)
class ObligationRow:
    id: int
    contract_id: int
    source_number: str
    position: int
    side: str
    side_label: str
    deliverable: str
    quantity: Decimal | None
    unit: str
    quantity_label: str
    due_date: date | None
    state: str  # a_faire / fait / en_retard
    state_label: str
    done_on: date | None
    notes: str
    updated_by: str


@dataclass(frozen=True)
class MeasureRow:
    year: int
    quarter: int
    label: str  # « 2e trimestre 2026 »
    value: Decimal
    note: str
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True)
class IndicatorRow:
    id: int
    contract_id: int
    position: int
    name: str
    unit: str
    target: Decimal
    measures: tuple[MeasureRow, ...]  # one per quarter measured (the latest entry of each), oldest first
    latest: Decimal | None


@dataclass(frozen=True)
class IncidentRow:
    id: int
    occurred_on: date
    kind: str
    kind_label: str
    description: str
    action_taken: str
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True)
class AttachmentRow:
    id: int
    title: str
    filename: str
    size: int
    size_label: str  # « 1,2 Mo »
    sha256: str
    added_at: datetime
    added_by: str


@dataclass(frozen=True)
class TransitionRow:
    at: datetime
    from_state: str
    from_label: str
    to_state: str
    to_label: str
    reason: str
    automatic: bool  # moved by the dates or the payments, not by a person
    user_name: str


@dataclass(frozen=True)
class AmendmentRow:
    id: int
    number: str  # « COP-2026-0003/A1 » or « projet d'avenant n° 14 »
    amendment_no: int | None
    state: str  # brouillon / signe
    state_label: str
    object: str
    effect_date: date
    end_date: date  # the contract's end date after this avenant
    amount: int  # what it adds
    signature_date: date | None


@dataclass(frozen=True)
class ContractDoc:
    """A contract's (or an avenant's) whole file."""

    row: ContractRow
    parent_id: int | None  # set for an avenant
    parent_number: str
    amendment_no: int | None
    state: str
    state_label: str
    stored_state: str  # as last stored (``refresh_states`` brings it to ``state``)
    notice_days: int
    advance: int
    payment_terms: str
    guarantees: str
    dispute_forum: str
    court: str
    place: str
    copies: int
    note: str
    created_at: datetime
    created_by: str
    signed_at: datetime | None
    signed_by: str
    status_reason: str
    terminated_on: date | None
    hash: str
    own_end_date: date  # as typed on this contract or avenant
    own_amount: int
    signatories: tuple[SignatoryRow, ...]
    schedule: tuple[ScheduleLineRow, ...]
    obligations: tuple[ObligationRow, ...]
    indicators: tuple[IndicatorRow, ...]
    amendments: tuple[AmendmentRow, ...]
    attachments: tuple[AttachmentRow, ...]
    incidents: tuple[IncidentRow, ...]
    history: tuple[TransitionRow, ...]
    actions: tuple[str, ...] = ()  # domain.op_contracts.ACTIONS codes open in this state (permissions apart)

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def number(self) -> str:
        return self.row.number


@dataclass(frozen=True)
class ObligationAlert:
    contract_id: int
    contract_number: str
    op_name: str
    obligation: ObligationRow


@dataclass(frozen=True)
class ScheduleAlert:
    contract_id: int
    contract_number: str
    op_name: str
    line: ScheduleLineRow


@dataclass(frozen=True)
class OpDashboard:
    today: date
    expiring: tuple[ContractRow, ...]  # end within 60 days, soonest first
    obligations: tuple[ObligationAlert, ...]  # late, or due within 15 days
    late_payments: tuple[ScheduleAlert, ...]  # schedule lines unpaid after their date, oldest first


@dataclass(frozen=True)
class OpOverview:
    op_id: int
    op_name: str
    contracts: tuple[ContractRow, ...]
    live: int  # signé, en cours, suspendu or échu
    planned_total: int  # signed contracts and avenants
    paid_total: int
    remaining_total: int
    late_amount: int
    account_balance: int  # what the OP owes the centre on every document (dues.party_balance)
    today: date
