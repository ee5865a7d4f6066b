"""A year of cash activity for the demo centre, through the services: dues, receipts, vouchers,
cancellations by the manager and a closing every working day (counted cash, rare differences)."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from centre_app.services import cash_day, dues, parties, payments
from centre_app.services.context import Actor
from centre_app.services.payments import PaymentDraft

OPERATORS = ("Orange Money", "Moov Money", "Wave", "Sank Money")
SERVICES = (
    ("Appui-conseil en alimentation du bétail", 75_000),
    ("Intermédiation pour la commercialisation du bétail", 120_000),
    ("Formation en gestion de banque de céréales", 90_000),
)
EXPENSES = (
    ("Carburant moto pour la mission à {village}", 7_500, 15_000),
    ("Frais de mission de l'animateur à {village}", 10_000, 25_000),
    ("Achat de fournitures de bureau", 5_000, 20_000),
    ("Gardiennage du parc à bétail", 15_000, 30_000),
)


def create_cash_year(
    session: Session,
    rng: random.Random,
    *,
    start: date,
    end: date,
    clerk: Actor,
    manager: Actor,
    customers: list[tuple[int, str]],
    organisations: list[tuple[int, str]],
    progress: Callable[[str, int, int], None] | None = None,
    day_hooks: Sequence[Callable[[date], None]] = (),
    events_per_day: tuple[int, int] = (1, 5),
    after_day: Callable[[date], None] | None = None,
) -> int:
    """Fill ``[start, end)`` with cash activity; returns the number of payments made.

    ``day_hooks`` run at the start of each working day (other modules' activity, e.g. the stock year),
    so that the receipts they record fall in a day that is still open and is closed with the others;
    ``after_day`` runs once each calendar day is over (progress, the demo's yearly commits).
    """
    made = 0
    tx_seq = 0
    open_dues: list[tuple[int, int]] = []  # (party id, due id)
    day = start
    total_days = (end - start).days
    while day < end:
        if day.weekday() < 6:  # Monday to Saturday
            for hook in day_hooks:
                hook(day)
            session.info["actor"] = clerk
            events = sorted(rng.sample(range(8 * 60, 17 * 60), k=rng.randint(*events_per_day)))
            for minute in events:
                session.info["now"] = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=UTC)
                kind = rng.random()
                if kind < 0.30:
                    party, name = rng.choice(customers + organisations)
                    label, amount = _sale(rng, party in dict(organisations))
                    limit = parties.get_party(session, party).data.credit_limit
                    over = limit is not None and dues.party_balance(session, party) + amount > limit
                    if over and rng.random() < 0.7:
                        continue  # the clerk sees the credit limit and does not sell on credit
                    session.info["actor"] = manager if over else clerk
                    due_id = dues.open_due(
                        session, party_id=party, direction="receivable", source_type="manual",
                        reference=f"FAC-{day:%Y%m%d}-{minute:04d}", label=label, amount=amount,
                        issued_on=day, due_date=day + timedelta(days=rng.choice((0, 15, 30, 60))),
                        override_reason="Client connu du centre, récolte attendue" if over else "",
                    )  # fmt: skip
                    session.info["actor"] = clerk
                    open_dues.append((party, due_id))
                elif kind < 0.80 and open_dues:
                    party, _ = rng.choice(open_dues)
                    rows = dues.list_dues(session, party)
                    if not rows:
                        open_dues = [(p, d) for p, d in open_dues if p != party]
                        continue
                    owed = sum(r.remaining for r in rows)
                    amount = min(owed, max(1_000, rng.randrange(5_000, owed + 10_000, 250)))
                    allocations, left = [], amount
                    for r in rows:
                        if left <= 0:
                            break
                        share = min(left, r.remaining)
                        allocations.append((r.id, share))
                        left -= share
                    means = rng.choices(("especes", "mobile_money", "virement", "cheque"), (60, 30, 5, 5))[0]
                    tx_seq += 1
                    draft = PaymentDraft(
                        "REC", amount, means, "Règlement " + ", ".join(r.reference for r in rows[: len(allocations)]),
                        party_id=party, operator=rng.choice(OPERATORS) if means == "mobile_money" else None,
                        transaction_id=f"MP{day:%y%m%d}.{minute:04d}.{tx_seq:05d}" if means == "mobile_money" else None,
                        payer_number=f"7{rng.randint(0, 9999999):07d}" if means == "mobile_money" else "",
                        allocations=tuple(allocations),
                    )  # fmt: skip
                    payments.record_payment(session, draft, accept_warnings=True)
                    made += 1
                elif kind < 0.90:
                    party, name = rng.choice(customers)
                    amount = rng.randrange(10_000, 60_000, 500)
                    payments.record_payment(
                        session,
                        PaymentDraft("REC", amount, "especes", "Avance sur commande à venir", party_id=party),
                        accept_warnings=True,
                    )
                    made += 1
                else:
                    label, low, high = rng.choice(EXPENSES)
                    party, name = rng.choice(customers)
                    payments.record_payment(
                        session,
                        PaymentDraft(
                            "DEC", rng.randrange(low, high, 500), "especes",
                            label.format(village=rng.choice(("Aribinda", "Tongomayel", "Kelbo", "Diguel"))),
                            counterpart_name=name,
                        ),
                        accept_warnings=True,
                    )  # fmt: skip
                    made += 1
            if made and rng.random() < 0.02:
                _cancel_last(session, manager, day)
            session.info["actor"] = clerk
            session.info["now"] = datetime.combine(day, time(17, 40), tzinfo=UTC)
            book = cash_day.day_book(session, day)
            if day.weekday() == 5 and book.theoretical_cash > 300_000:
                # Saturday: the cash above a float of 100 000 F goes to the bank (BQ) against a voucher.
                deposit = (book.theoretical_cash - 100_000) // 5_000 * 5_000
                payments.record_payment(
                    session,
                    PaymentDraft("DEC", deposit, "especes", "Versement en banque (fonds de caisse excédentaire)",
                                 counterpart_name="Banque — compte du centre"),
                    accept_warnings=True,
                )  # fmt: skip
                made += 1
            session.info["now"] = datetime.combine(day, time(17, 45), tzinfo=UTC)
            book = cash_day.day_book(session, day)
            if rng.random() < 0.05:
                cash_day.close_day(session, day, max(0, book.theoretical_cash - 500), "Erreur de rendu de monnaie")
            else:
                cash_day.close_day(session, day, book.theoretical_cash)
        if progress and (day - start).days % 30 == 0:
            progress("caisse (jours)", (day - start).days, total_days)
        if after_day is not None:
            after_day(day)
        day += timedelta(days=1)
    return made


def _sale(rng: random.Random, is_organisation: bool) -> tuple[str, int]:
    if is_organisation:
        label, amount = rng.choice(SERVICES)
        return f"Prestation : {label}", amount
    sacks = rng.randint(2, 20)
    return f"Vente à crédit de {sacks} sacs de tourteau de coton", sacks * rng.choice((10_000, 11_000))


def _cancel_last(session: Session, manager: Actor, day: date) -> None:
    rows = payments.list_payments(session, day=day, doc_type="REC", limit=1)
    if rows and rows[0].status == "valide":
        session.info["actor"] = manager
        session.info["now"] = datetime.combine(day, time(17, 30), tzinfo=UTC)
        payments.cancel_payment(session, rows[0].id, "Erreur de saisie du montant, reçu refait")
