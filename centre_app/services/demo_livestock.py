"""A year of livestock sales for the demo centre, through the services: about 200 contracts on the market
days of the Soum (Djibo on Monday, Baraboulé on Tuesday, Tongomayel on Thursday, Aribinda on Friday), cattle,
sheep and goats at realistic prices (rams dearer before the Tabaski), exporters from Ghana, Côte d'Ivoire,
Togo and Nigeria with their health papers and convoys, mandats paid out to the éleveurs once the buyer has
paid, some balances still due, a few achat-revente through the centre's parc, rare cancellations.

:class:`LivestockYear` runs one working day at a time (:meth:`LivestockYear.day`), called by the cash year
before its own events so that every receipt and voucher lands in a day that is still open.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from centre_app.models.livestock_ref import Breed, LivestockCategory
from centre_app.services import cash_day, livestock, livestock_ref, livestock_workflow, parties, payments
from centre_app.services.context import Actor
from centre_app.services.demo_scale import SMALL, DemoScale
from centre_app.services.livestock import AnimalLineInput, ContractDraft, DocumentInput, FeeInput
from centre_app.services.livestock_payouts import pay_seller, payout_status
from centre_app.services.payments import PaymentDraft

WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}
TABASKI = {2014: date(2014, 10, 5), 2015: date(2015, 9, 24), 2016: date(2016, 9, 12), 2017: date(2017, 9, 1),
           2018: date(2018, 8, 21), 2019: date(2019, 8, 11), 2020: date(2020, 7, 31), 2021: date(2021, 7, 20),
           2022: date(2022, 7, 9), 2023: date(2023, 6, 28), 2024: date(2024, 6, 16), 2025: date(2025, 6, 6),
           2026: date(2026, 5, 27), 2027: date(2027, 5, 16), 2028: date(2028, 5, 5), 2029: date(2029, 4, 24),
           2030: date(2030, 4, 13)}  # fmt: skip
# category → (sex, castrated, price low, price high per head in F CFA, dentitions)
CATEGORIES: dict[str, dict[str, tuple[str, bool, int, int, tuple[str, ...]]]] = {
    "bovin": {
        "taurillon": ("M", False, 150_000, 250_000, ("2 dents",)),
        "génisse": ("F", False, 175_000, 275_000, ("2 dents", "4 dents")),
        "taureau": ("M", False, 300_000, 450_000, ("6 dents", "8 dents (bouche faite)")),
        "bœuf (castré)": ("M", True, 300_000, 450_000, ("4 dents", "6 dents")),
        "vache": ("F", False, 200_000, 325_000, ("6 dents", "8 dents (bouche faite)")),
        "vache de réforme": ("F", False, 150_000, 225_000, ("8 dents (bouche faite)",)),
    },
    "ovin": {
        "agneau": ("M", False, 40_000, 55_000, ("dents de lait",)),
        "bélier": ("M", False, 70_000, 120_000, ("2 dents", "4 dents")),
        "brebis": ("F", False, 45_000, 70_000, ("4 dents", "6 dents")),
        "mouton (castré)": ("M", True, 60_000, 110_000, ("2 dents", "4 dents")),
    },
    "caprin": {
        "chevreau": ("M", False, 20_000, 30_000, ("dents de lait",)),
        "bouc": ("M", False, 35_000, 60_000, ("2 dents", "4 dents")),
        "chèvre": ("F", False, 25_000, 45_000, ("4 dents", "6 dents")),
    },
}
STEP = {"bovin": 5_000, "ovin": 2_500, "caprin": 1_000}
HEADS = {"bovin": (1, 6), "ovin": (1, 15), "caprin": (1, 12)}
COATS = ("blanc", "pie noir", "fauve", "rouge", "gris cendré", "noir", "blanc moucheté de roux")
EXPORTERS = (  # name, town, country, passport
    ("MENSAH Kwame", "Kumasi", "Ghana", "G2134587"),
    ("ADJEI Kofi", "Accra", "Ghana", "G3390112"),
    ("KOFFI Yao Bernard", "Bouaké", "Côte d'Ivoire", "21AC45871"),
    ("OUATTARA Lassina", "Abidjan", "Côte d'Ivoire", "20AB11209"),
    ("AGBEKO Komi", "Lomé", "Togo", "TG0781145"),
    ("ADEBAYO Musa", "Lagos", "Nigeria", "A07781234"),
    ("BELLO Abubakar", "Kano", "Nigeria", "A09912001"),
)
LANGUAGES = ("fulfuldé", "fulfuldé", "mooré", "français", "dioula", "songhaï")
CANCEL_REASONS = ("Animal malade découvert au contrôle vétérinaire", "L'acheteur renonce avant tout paiement")


@dataclass
class _Task:
    contract_id: int
    when: date


class LivestockYear:
    """The demo's livestock activity over ``[start, end)``; ``day`` is called once per working day."""

    def __init__(
        self, session: Session, seed: int, *, start: date, end: date, clerk: Actor, manager: Actor,
        sellers: list[tuple[int, str]], scale: DemoScale = SMALL,
    ) -> None:  # fmt: skip
        self.s, self.rng, self.scale = session, random.Random(seed * 7919 + 17), scale
        self.start, self.end, self.clerk, self.manager = start, end, clerk, manager
        self.sellers = [p for p, _ in sellers]
        self.markets: dict[int, tuple[int, str]] = {}
        for m in livestock_ref.list_markets(session):
            weekday = WEEKDAYS.get(m.market_day)
            if weekday is not None and weekday < 6 and weekday not in self.markets:
                self.markets[weekday] = (m.id, m.commune or m.name)
        self.cats = {(c.species_code, c.name): c.id for c in session.scalars(select(LivestockCategory))}
        self.breeds: dict[str, list[int]] = {}
        for b in session.scalars(select(Breed).where(Breed.active)):
            self.breeds.setdefault(b.species_code, []).append(b.id)
        rules = livestock_ref.list_commission_rules(session)
        self.per_head = {r.species_code: r.id for r in rules if r.kind == "par_tete" and r.species_code}
        self.percent = next((r.id for r in rules if r.kind == "pourcentage"), None)
        self.per_lot = next((r.id for r in rules if r.kind == "forfait_lot"), None)
        self.locals = [r.id for r in parties.list_parties(session, role="acheteur") if r.roles == ("acheteur",)]
        saved, session.info["actor"] = session.info.get("actor"), manager
        self.exporters = [
            (parties.create_party(session, parties.PartyInput(
                name=name, sex="M", roles=("acheteur",), village=town, id_type="passeport", id_number=passport,
                trader_card=f"CCB-EXP-{i + 101}", notes=f"Exportateur de bétail vers {country}",
            )).id, country)
            for i, (name, town, country, passport) in enumerate(EXPORTERS)
        ]  # fmt: skip
        session.info["actor"] = saved
        self.deliveries: list[_Task] = []
        self.collections: list[_Task] = []
        self.payouts: list[_Task] = []
        self.cancellations: list[int] = []
        self.tx_seq = 0
        self.made = 0

    # --- plumbing ----------------------------------------------------------------------------------------

    def _at(self, day: date, minute: int, actor: Actor) -> None:
        self.s.info["now"] = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=UTC)
        self.s.info["actor"] = actor

    def day(self, day: date) -> None:
        if not self.start <= day < self.end or day.weekday() == 6:
            return
        saved = self.s.info.get("actor"), self.s.info.get("now")
        try:
            self._day(day)
        finally:
            self.s.info["actor"], self.s.info["now"] = saved

    def _day(self, day: date) -> None:
        self._deliver(day, 7 * 60 + 45)
        self._pay_sellers(day, 8 * 60)
        self._collect(day, 8 * 60 + 30)
        market = self.markets.get(day.weekday())
        if market is not None:
            count = self.rng.choice(self.scale.monday_contracts if day.weekday() == 0 else self.scale.market_contracts)
            step = 50 if count <= 3 else 420 // count  # a busy market day spreads from 9 h to 16 h
            for k in range(count):
                self._contract(day, 9 * 60 + step * k + self.rng.randint(0, 40), market)
        for contract_id in self.cancellations:
            self._at(day, 16 * 60 + 30, self.manager)
            livestock_workflow.cancel_contract(self.s, contract_id, self.rng.choice(CANCEL_REASONS))
        self.cancellations = []

    def _means(self, day: date, amount: int, *, outgoing: bool) -> tuple[str, dict[str, Any]]:
        """Cash for ordinary amounts; mobile money or a transfer for big ones, or when the till is short."""
        if outgoing:
            book = cash_day.day_book(self.s, day)
            cash_ok = amount <= book.opening_cash - book.cash_out - 100_000
        else:
            cash_ok = amount <= 750_000
        if cash_ok and self.rng.random() < 0.75:
            return "especes", {}
        if amount <= 1_500_000 and self.rng.random() < 0.6:
            self.tx_seq += 1
            operator = self.rng.choice(("Orange Money", "Moov Money"))
            return "mobile_money", {"operator": operator, "transaction_id": f"LV{day:%y%m%d}.{self.tx_seq:05d}"}
        return "virement", {}

    def _receipt(self, day: date, contract_id: int, amount: int, purpose: str) -> None:
        money = payout_status(self.s, contract_id)
        amount = min(amount, money.buyer_remaining)
        if amount <= 0 or money.buyer_due_id is None:
            return
        means, extra = self._means(day, amount, outgoing=False)
        payments.record_payment(
            self.s, PaymentDraft("REC", amount, means, f"{purpose} {money.number}", party_id=money.buyer_id,
                                 allocations=((money.buyer_due_id, amount),), **extra),
            accept_warnings=True,
        )  # fmt: skip

    # --- a market day's contract -----------------------------------------------------------------------

    def _price(self, species: str, low: int, high: int, day: date) -> int:
        step = STEP[species]
        price = self.rng.randrange(low, high + step, step)
        factor = self.scale.price_factor_bp(day, self.end)
        if factor != 10_000:  # earlier years of a long demo were cheaper
            price = price * factor // 10_000 // step * step
        tabaski = TABASKI.get(day.year)
        if species == "ovin" and tabaski is not None and timedelta(0) <= tabaski - day <= timedelta(days=28):
            price = price * 13 // 10 // step * step  # rams sell dearer in the weeks before the Tabaski
        return price

    def _lines(self, species: str, export: bool, resale: bool, day: date) -> tuple[AnimalLineInput, ...]:
        out = []
        kinds = list(CATEGORIES[species])
        for name in self.rng.sample(kinds, k=min(len(kinds), self.rng.choice(self.scale.categories_per_line))):
            sex, castrated, low, high, dentitions = CATEGORIES[species][name]
            lo, hi = HEADS[species]
            heads = self.rng.randint(lo + (2 if export else 0), hi + (6 if export else 0))
            price = self._price(species, low, high, day)
            cost = price * self.rng.choice((78, 80, 82, 85)) // 100 // STEP[species] * STEP[species] if resale else 0
            cattle = species == "bovin"
            weight = None
            if cattle:
                weight = self.rng.randrange(180, 360, 10) if sex == "M" else self.rng.randrange(170, 300, 10)
            out.append(
                AnimalLineInput(
                    species, self.cats[(species, name)], heads, price,
                    breed_id=self.rng.choice(self.breeds[species]) if self.breeds.get(species) and self.rng.random()
                    < 0.7 else None,
                    sex=sex, castrated=castrated, dentition=self.rng.choice(dentitions),
                    body_condition=self.rng.choices(("maigre", "moyen", "gras"), (15, 55, 30))[0],
                    estimated_weight=weight, coat=self.rng.choice(COATS) if cattle and heads == 1 else "",
                    marks=f"boucle BF-SUM-{self.rng.randint(10_000, 99_999)}" if cattle and heads == 1 else "",
                    unit_cost=cost,
                )
            )  # fmt: skip
        return tuple(out)

    def _commission(self, kind: str, species: set[str]) -> int | None:
        if kind == "achat_revente":
            return None
        r = self.rng.random()
        if kind == "mandat" and len(species) == 1 and r < 0.6:
            return self.per_head.get(next(iter(species)), self.percent)
        return self.percent if r < 0.85 else self.per_lot

    def _fees(self, heads: dict[str, int], export: bool) -> tuple[FeeInput, ...]:
        cattle, small = heads.get("bovin", 0), sum(n for sp, n in heads.items() if sp != "bovin")
        fees = [FeeInput("taxe_marche", "vendeur" if self.rng.random() < 0.8 else "acheteur")]
        if export:
            fees += [
                FeeInput("vaccination", "acheteur", 1_000 * cattle + 300 * small),
                FeeInput("certificat", "acheteur", 5_000),
                FeeInput("convoyage", "acheteur", 2_500 * cattle + 500 * small),
                FeeInput("frais_route", "acheteur", self.rng.randrange(10_000, 30_000, 2_500)),
            ]
        elif self.rng.random() < 0.3:
            fees.append(FeeInput("gardiennage", "vendeur", 1_000 * cattle + 250 * small))
        return tuple(f for f in fees if f.amount is None or f.amount > 0)

    def _papers(self, day: date, commune: str, export: bool) -> tuple[DocumentInput, ...]:
        docs = [DocumentInput("ticket_marche", f"TM-{day:%y%m%d}-{self.rng.randint(100, 999)}",
                              f"Mairie de {commune}", day)]  # fmt: skip
        if export:
            # Now and then the health certificate was issued long ago and lapses before the convoy leaves.
            issued = day - timedelta(days=self.rng.choice((0, 1, 2, 3, 29)))
            docs += [
                DocumentInput("certificat_sanitaire", f"CZS-{self.rng.randint(1_000, 9_999)}",
                              f"Service vétérinaire de {commune}", issued, issued + timedelta(days=30)),
                DocumentInput("laissez_passer", f"LPZ-SUM-{self.rng.randint(1_000, 9_999)}", "DPRA du Sahel",
                              day, day + timedelta(days=self.rng.randint(5, 15))),
                DocumentInput("certificat_origine", f"CO-{day:%y}-{self.rng.randint(100, 999)}",
                              "Chambre régionale d'agriculture du Sahel", day),
            ]  # fmt: skip
        return tuple(docs)

    def _contract(self, day: date, minute: int, market: tuple[int, str]) -> None:
        rng = self.rng
        kind = rng.choices(("mandat", "vente_directe", "achat_revente"), (55, 25, 20))[0]
        export = rng.random() < 0.4
        tabaski = TABASKI.get(day.year)
        before_tabaski = tabaski is not None and timedelta(0) <= tabaski - day <= timedelta(days=28)
        species = rng.choices(("bovin", "ovin", "caprin"), (25, 60, 15) if before_tabaski else (40, 35, 25))[0]
        lines = self._lines(species, export, kind == "achat_revente", day)
        if species != "bovin" and rng.random() < 0.1:  # petits ruminants sold together
            other = "caprin" if species == "ovin" else "ovin"
            lines += self._lines(other, export, kind == "achat_revente", day)[:1]
        heads: dict[str, int] = {}
        for x in lines:
            heads[x.species_code] = heads.get(x.species_code, 0) + x.heads
        if export:
            buyer, country = rng.choice(self.exporters)
        else:
            buyer, country = rng.choice(self.locals), "Burkina Faso"
        seller = rng.choice(self.sellers)
        witness = rng.choice([p for p in self.sellers if p != seller]) if rng.random() < 0.5 else None
        draft = ContractDraft(
            kind, seller, buyer, lines, contract_date=day, market_id=market[0], destination_country=country,
            guarantor_id=witness, guarantor_name="" if witness else f"Chef de marché de {market[1]}",
            guarantor_quality="temoin" if witness or rng.random() < 0.7 else "garant",
            commission_rule_id=self._commission(kind, set(heads)), fees=self._fees(heads, export),
            documents=self._papers(day, market[1], export),
            explained_language="haoussa" if country == "Nigeria" and rng.random() < 0.5 else rng.choice(LANGUAGES),
        )  # fmt: skip
        self._at(day, minute, self.clerk)
        doc = livestock.create_contract(self.s, draft)
        if export and rng.random() < 0.6:  # acompte now, the balance when the animals have been sold abroad
            deposit = doc.figures.buyer_total * rng.choice((30, 40, 50)) // 100 // 5_000 * 5_000
            terms = replace(draft, payment_terms="acompte_solde", deposit=deposit,
                            balance_due_date=day + timedelta(days=rng.choice((14, 21, 30))))  # fmt: skip
            doc = livestock.update_contract(self.s, doc.id, terms)
        doc = livestock_workflow.conclude_contract(self.s, doc.id)
        self.made += 1
        if rng.random() < 0.02:
            self.cancellations.append(doc.id)
            return
        if doc.payment_terms == "acompte_solde":
            self._receipt(day, doc.id, doc.deposit, "Acompte sur le contrat")
            self.collections.append(_Task(doc.id, doc.balance_due_date or day))
        elif rng.random() < 0.75:
            self._receipt(day, doc.id, doc.figures.buyer_total, "Achat de bétail, contrat")
        else:
            part = doc.figures.buyer_total * rng.choice((50, 60, 70)) // 100 // 5_000 * 5_000
            self._receipt(day, doc.id, part, "Achat de bétail (partiel), contrat")
            self.collections.append(_Task(doc.id, day + timedelta(days=rng.randint(3, 20))))
        if kind == "achat_revente":  # the centre pays its purchase on the spot
            self._payout(day, doc.id)
        else:
            self.payouts.append(_Task(doc.id, day + timedelta(days=rng.choice((0, 1, 2, 3, 7)))))
        later = 0 if not export and rng.random() < 0.85 else rng.randint(1, 3)
        self.deliveries.append(_Task(doc.id, day + timedelta(days=later)))

    # --- the days after ---------------------------------------------------------------------------------

    def _deliver(self, day: date, minute: int) -> None:
        still = []
        for task in self.deliveries:
            if task.when > day:
                still.append(task)
                continue
            self._at(day, minute, self.clerk)
            expired = livestock_workflow.expired_documents(self.s, task.contract_id, day)
            if expired:
                self._at(day, minute, self.manager)
                reason = "Certificat sanitaire en cours de renouvellement, animaux vus par le vétérinaire ce jour"
                livestock_workflow.deliver_contract(self.s, task.contract_id, override_reason=reason)
            else:
                livestock_workflow.deliver_contract(self.s, task.contract_id)
        self.deliveries = still

    def _payout(self, day: date, contract_id: int) -> int:
        status = payout_status(self.s, contract_id)
        if status.payable_now <= 0:
            return 0
        means, extra = self._means(day, status.payable_now, outgoing=True)
        pay_seller(self.s, contract_id, status.payable_now, means, accept_warnings=True, **extra)
        return status.payable_now

    def _pay_sellers(self, day: date, minute: int) -> None:
        """An éleveur comes for his money once the buyer has paid; a few do not come within the year."""
        still = []
        for task in self.payouts:
            if task.when > day:
                still.append(task)
                continue
            self._at(day, minute, self.clerk)
            if self.rng.random() < 0.1:
                task.when = day + timedelta(days=self.rng.randint(5, 60))
                still.append(task)
                continue
            self._payout(day, task.contract_id)
            status = payout_status(self.s, task.contract_id)
            if status.seller_paid < status.net_to_seller:
                task.when = day + timedelta(days=self.rng.randint(2, 10))
                still.append(task)
        self.payouts = still

    def _collect(self, day: date, minute: int) -> None:
        """Buyers settle their balance, mostly in full; some stay partly unpaid (payé partiel)."""
        still = []
        for task in self.collections:
            if task.when > day:
                still.append(task)
                continue
            self._at(day, minute, self.clerk)
            rest = payout_status(self.s, task.contract_id).buyer_remaining
            if rest <= 0:
                continue
            luck = self.rng.random()
            if luck < 0.05:  # the buyer does not come back: the balance stays due
                continue
            if luck < 0.25:  # not this time
                task.when = day + timedelta(days=self.rng.randint(7, 60))
                still.append(task)
                continue
            share = rest if self.rng.random() < 0.75 else max(5_000, rest // 2 // 5_000 * 5_000)
            self._receipt(day, task.contract_id, share, "Solde du contrat")
            if share < rest:
                task.when = day + timedelta(days=self.rng.randint(5, 20))
                still.append(task)
        self.collections = still


def livestock_year(session: Session, seed: int, **kw: Any) -> LivestockYear:
    """Set the livestock year up (exporters); the caller then runs :meth:`LivestockYear.day` for each day."""
    return LivestockYear(session, seed, **kw)
