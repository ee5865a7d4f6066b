"""Money of a livestock contract: what the buyer has paid (receipts on his due), what the seller has been
paid (bons de paiement vendeur, BPV, on his payable due) and what the seller may be paid now.

The rule (``domain.livestock.seller_payable``): in a mandat or a vente directe the centre never advances the
seller's money: he is paid at most what the buyer has paid towards the price, minus the commission and the
débours he bears, minus what he has already had. ``guard_seller_allocation`` applies it to every BPV,
including those made from the caisse's voucher dialog (``payments.ALLOCATION_GUARDS``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from centre_app.domain import livestock as dom
from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_money
from centre_app.domain.permissions import Action
from centre_app.models.cash import Due
from centre_app.models.livestock import LivestockContract
from centre_app.services import dues, payments
from centre_app.services.context import require
from centre_app.services.livestock_rules import contract
from centre_app.services.payments import PaymentDraft, PaymentRow
from centre_app.services.session_cache import held


@dataclass(frozen=True)
class PayoutStatus:
    """The money of a contract in brief (cheaper than the whole ``ContractDoc``): for the payout dialog and the
    receipt of a buyer — the net, what moved, what the seller may be paid now, what the buyer still owes."""

    contract_id: int
    number: str
    seller_id: int
    seller_due_id: int | None
    net_to_seller: int
    buyer_total: int
    buyer_paid: int
    seller_paid: int
    seller_deductions: int  # commission and débours borne by the seller
    payable_now: int  # what a BPV may pay the seller now
    buyer_id: int
    buyer_due_id: int | None
    buyer_remaining: int  # what the buyer still owes (0 for a draft or a cancelled contract)


def figures_of(c: LivestockContract) -> dom.Figures:
    revenue = c.gross if c.contract_type == "achat_revente" else c.commission
    margin = c.gross - c.cost if c.contract_type == "achat_revente" else c.commission
    return dom.Figures(
        c.heads, c.gross, c.cost, c.commission, c.commission_seller, c.commission_buyer, c.fees, c.fees_seller,
        c.fees_buyer, c.net_to_seller, c.buyer_total, revenue, margin,
    )  # fmt: skip


def paid_amounts(session: Session, c: LivestockContract) -> tuple[int, int]:
    """(paid by the buyer, paid to the seller) through valid receipts and vouchers."""
    ids = [i for i in (c.buyer_due_id, c.seller_due_id) if i is not None]
    paid = dues.paid_on_dues(session, ids)
    return paid.get(c.buyer_due_id or 0, 0), paid.get(c.seller_due_id or 0, 0)


def _status(session: Session, c: LivestockContract) -> PayoutStatus:
    buyer_paid, seller_paid = paid_amounts(session, c)
    payable = 0
    if c.status in ("conclu", "livre"):
        payable = dom.seller_payable(c.contract_type, figures_of(c), buyer_paid, seller_paid)
    return PayoutStatus(
        c.id, c.number or "", c.seller_id, c.seller_due_id, c.net_to_seller, c.buyer_total, buyer_paid, seller_paid,
        c.commission_seller + c.fees_seller, payable, c.buyer_id, c.buyer_due_id,
        c.buyer_total - buyer_paid if c.status in ("conclu", "livre") else 0,
    )  # fmt: skip


def payout_status(session: Session, contract_id: int) -> PayoutStatus:
    require(session, Action.READ)
    return _status(session, contract(session, contract_id))


def _refuse_above(s: PayoutStatus, amount: int) -> None:
    if amount > s.payable_now:
        raise DomainError(
            "livestock.payout_above_available", number=s.number, amount=format_money(amount),
            available=format_money(s.payable_now), buyer_paid=format_money(s.buyer_paid),
            deductions=format_money(s.seller_deductions), seller_paid=format_money(s.seller_paid),
        )  # fmt: skip


def guard_seller_allocation(session: Session, due: Due, share: int) -> None:
    """Called by ``payments.record_payment`` before a BPV settles a seller's due: refuses more than allowed."""
    # The seller's due names its contract (source_id): no need to search the contracts for it.
    c = held(session, LivestockContract, due.source_id) if due.source_type == "livestock_seller" else None
    if c is None or c.seller_due_id != due.id:
        c = session.scalar(select(LivestockContract).where(LivestockContract.seller_due_id == due.id))
    if c is not None:
        _refuse_above(_status(session, c), share)


def pay_seller(
    session: Session,
    contract_id: int,
    amount: int,
    means: str = "especes",
    *,
    operator: str | None = None,
    transaction_id: str | None = None,
    payer_number: str = "",
    business_date: date | None = None,
    accept_warnings: bool = False,
) -> PaymentRow:
    """Pay the seller (bon de paiement vendeur, BPV), at most :attr:`PayoutStatus.payable_now`.

    ``accept_warnings``: the cashier has seen the cash ceiling warning (``payments.payment_warnings``)."""
    require(session, Action.EDIT_DOCUMENTS)
    c = contract(session, contract_id)
    if c.status not in ("conclu", "livre") or c.seller_due_id is None:
        raise DomainError(
            "livestock.payout_not_possible", number=c.number or c.id, state=dom.CONTRACT_STATES[c.status].lower()
        )
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise DomainError("money.not_positive")
    _refuse_above(_status(session, c), amount)
    draft = PaymentDraft(
        "BPV", amount, means, f"Paiement au vendeur — contrat {c.number}", party_id=c.seller_id, operator=operator,
        transaction_id=transaction_id, payer_number=payer_number, business_date=business_date,
        allocations=((c.seller_due_id, amount),),
    )  # fmt: skip
    return payments.record_payment(session, draft, accept_warnings=accept_warnings)
