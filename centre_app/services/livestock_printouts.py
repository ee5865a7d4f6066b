"""Printouts of livestock sales: the contract, the animals slip (bordereau des animaux) and the seller's payment
voucher (bon de paiement vendeur) — the services' ``ContractDoc`` turned into frozen print data, then PDF bytes.

Each ``*_pdf`` checks the right to read; the print date is the services' clock (``now``), so a test that pins
``session.info["now"]`` gets the same bytes every time.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_number
from centre_app.domain.permissions import Action
from centre_app.printing.livestock_contract import (
    AnimalPrint,
    ContractPrint,
    DocumentPrint,
    FeePrint,
    PartyPrint,
    render_contract,
)
from centre_app.printing.livestock_slips import PayoutPrint, render_animals_slip, render_seller_payout
from centre_app.printing.stock_docs import Cancellation
from centre_app.services import payments
from centre_app.services.context import now, require
from centre_app.services.livestock_queries import ContractDoc, PartyBlock, get_contract
from centre_app.services.printouts import letterhead

__all__ = ["animals_slip_pdf", "contract_pdf", "contract_pdf_by_number", "contract_print_data", "seller_payout_pdf"]


def _party(p: PartyBlock) -> PartyPrint:
    places: list[str] = []
    for x in (p.village, p.commune, p.province):
        if x and x not in places:
            places.append(x)
    return PartyPrint(p.name, p.code, p.kind, p.sex, ", ".join(places), p.identity, p.phone, p.trader_card,
                      p.tax_id, p.rccm)  # fmt: skip


def _print_data(doc: ContractDoc) -> ContractPrint:
    f = doc.figures
    cancellation = None
    if doc.status == "annule":
        cancellation = Cancellation(doc.cancelled_at, doc.cancelled_by, doc.cancel_reason, doc.cancellation_number)
    lines = tuple(
        AnimalPrint(
            x.position, x.species_name, x.category_name, x.breed_name,
            {"M": "mâle castré" if x.castrated else "mâle", "F": "femelle"}.get(x.sex, "lot mixte"), x.age_label,
            x.body_condition_label,
            f"~{format_number(x.estimated_weight)} kg" if x.estimated_weight is not None else "", x.described,
            x.coat, x.marks, x.heads, x.unit_price, x.amount,
        )
        for x in doc.lines
    )  # fmt: skip
    return ContractPrint(
        number=doc.number, contract_type=doc.contract_type, type_label=doc.type_label, state_label=doc.state_label,
        contract_date=doc.contract_date, where=doc.where, seller=_party(doc.seller), buyer=_party(doc.buyer),
        destination=doc.destination_country, guarantor=_party(doc.guarantor) if doc.guarantor else None,
        guarantor_name=doc.guarantor_name, guarantor_quality=doc.guarantor_quality, agent=doc.agent_name,
        payment_terms=doc.payment_terms, deposit=doc.deposit, balance_due_date=doc.balance_due_date,
        commission_text=doc.commission_text, heads=f.heads, gross=f.gross, cost=f.cost, commission=f.commission,
        commission_seller=f.commission_seller, commission_buyer=f.commission_buyer, fees_total=f.fees,
        fees_seller=f.fees_seller, fees_buyer=f.fees_buyer, net_to_seller=f.net_to_seller,
        buyer_total=f.buyer_total, net_words=doc.net_to_seller_in_words, buyer_total_words=doc.buyer_total_in_words,
        language=doc.explained_language, note=doc.note, lines=lines,
        fees=tuple(FeePrint(x.label, x.amount, x.payer_label, x.seller_share, x.buyer_share, x.note)
                   for x in doc.fees),
        documents=tuple(DocumentPrint(x.label, x.number, x.issuer, x.issued_on, x.expires_on) for x in doc.documents),
        currency=doc.currency, cancellation=cancellation,
    )  # fmt: skip


def contract_print_data(session: Session, contract_id: int) -> ContractPrint:
    return _print_data(get_contract(session, contract_id))


def contract_pdf(session: Session, contract_id: int) -> bytes:
    """The contrat de vente de bétail (a draft prints as a « PROJET », a cancelled one « ANNULÉ »)."""
    require(session, Action.READ)
    return render_contract(contract_print_data(session, contract_id), letterhead(session), now(session))


def contract_pdf_by_number(session: Session, number: str) -> bytes:
    """For the command line: ``print livestock-contract CBV-2026-0001`` (case and spaces ignored)."""
    require(session, Action.READ)
    doc = get_contract(session, number=number)
    return render_contract(_print_data(doc), letterhead(session), now(session))


def animals_slip_pdf(session: Session, contract_id: int) -> bytes:
    """The bordereau des animaux: the animals with their marks and tags, no prices."""
    require(session, Action.READ)
    return render_animals_slip(contract_print_data(session, contract_id), letterhead(session), now(session))


def seller_payout_pdf(session: Session, contract_id: int, payment_id: int | None = None) -> bytes:
    """A bon de paiement vendeur of the contract: ``payment_id``, or the latest one when not given."""
    require(session, Action.READ)
    doc = get_contract(session, contract_id)
    moves = [m for m in doc.payouts if payment_id is None or m.payment_id == payment_id]
    if not moves:
        if payment_id is not None:
            raise DomainError("payment.not_found", number=payment_id)
        raise DomainError("livestock.no_payout", number=doc.number or doc.id)
    move = moves[-1]
    row = payments.get_payment(session, move.payment_id)
    before = sum(m.amount for m in doc.payouts if m.status == "valide" and m.payment_id < move.payment_id)
    cancel = payments.cancellation_of(session, row.id)
    cancellation = Cancellation(cancel.at, cancel.user_name, cancel.reason, cancel.number) if cancel else None
    data = PayoutPrint(
        _print_data(doc), row.number, row.at, move.amount, before, row.means_label, row.operator or "",
        row.transaction_id or "", row.cashier_name, cancellation,
    )  # fmt: skip
    return render_seller_payout(data, letterhead(session), now(session))
