"""A year of contracts with the OP of the Soum for the demo centre, through the services: drafts signed by
the manager with their échéancier, obligations and indicators, payments through the caisse (most on time,
some late, a few never), obligations done (some left late), quarterly measures, incidents, a few avenants
(prolongation, extra services), one suspension and one termination, and two drafts still to sign.

:class:`OpContractYear` runs one working day at a time (:meth:`OpContractYear.day`), called by the cash year
before its own events so that every receipt lands in a day that is still open, then closed with the others.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.op_contracts import add_months, quarter_bounds, quarter_of
from centre_app.services import dues, payments
from centre_app.services import op_contract_drafts as drafts
from centre_app.services import op_contract_follow as follow
from centre_app.services import op_contracts as workflow
from centre_app.services.context import Actor
from centre_app.services.op_contract_drafts import (
    AmendmentDraft,
    ContractDraft,
    IndicatorInput,
    ObligationInput,
    ScheduleInput,
)
from centre_app.services.op_contract_queries import get_contract
from centre_app.services.op_contract_workflow import refresh_states
from centre_app.services.payments import PaymentDraft

Obligation = tuple[str, str, int | None, str]  # side, deliverable, quantity, unit
Indicator = tuple[str, int, str]  # name, target, unit
# Per service type: object, amount range (F CFA), obligations, indicators.
KINDS: dict[str, tuple[str, tuple[int, int], tuple[Obligation, ...], tuple[Indicator, ...]]] = {
    "commercialisation_betail": (
        "appui à la commercialisation groupée du bétail des membres sur les marchés de Djibo et d'Aribinda",
        (600_000, 1_800_000),
        (("centre", "Organiser des ventes groupées avec des commerçants agréés", 4, "ventes"),
         ("centre", "Fournir les tickets de marché et les laissez-passer", None, ""),
         ("op", "Rassembler et présenter les animaux au parc de vente", 150, "têtes"),
         ("op", "Tenir le registre des ventes des membres", None, "")),
        (("Têtes de bétail commercialisées", 300, "têtes"), ("Prix moyen obtenu par bovin", 285_000, "F CFA")),
    ),
    "approvisionnement": (
        "approvisionnement des membres en tourteau de coton et en céréales pendant la soudure",
        (1_500_000, 4_500_000),
        (("centre", "Livrer le tourteau de coton à la banque de céréales", 400, "sacs de 50 kg"),
         ("centre", "Livrer le maïs et le sorgho", 250, "sacs de 100 kg"),
         ("op", "Collecter les commandes des membres", None, ""),
         ("op", "Assurer la garde du stock au magasin du village", None, "")),
        (("Sacs livrés aux membres", 650, "sacs"), ("Taux de remboursement des crédits d'intrants", 95, "%")),
    ),
    "appui_conseil": (
        "appui-conseil à la gestion de l'OP et à l'alimentation du bétail",
        (300_000, 900_000),
        (("centre", "Conduire des visites d'appui-conseil", 8, "visites"),
         ("centre", "Remettre un rapport d'appui à la fin de chaque semestre", 2, "rapports"),
         ("op", "Réunir le bureau lors de chaque visite", None, ""),
         ("op", "Transmettre les comptes de l'exercice", None, "")),
        (("Membres ayant adopté la complémentation", 40, "membres"), ("Assemblées générales tenues", 2, "AG")),
    ),
    "formation": (
        "formation des membres en santé animale et en gestion de stocks",
        (150_000, 500_000),
        (("centre", "Animer des sessions de formation", 3, "sessions"),
         ("centre", "Fournir les supports de formation en fulfuldé", None, ""),
         ("op", "Mobiliser les participants", 30, "participants"),
         ("op", "Mettre à disposition une salle de formation", None, "")),
        (("Personnes formées", 60, "personnes"), ("Part de femmes parmi les formés", 40, "%")),
    ),
    "intermediation_credit": (
        "intermédiation entre l'OP et la caisse populaire pour le crédit d'embouche",
        (200_000, 600_000),
        (("centre", "Monter les dossiers de crédit des membres", 15, "dossiers"),
         ("centre", "Suivre les remboursements avec la caisse", None, ""),
         ("op", "Se porter caution solidaire des emprunteurs", None, ""),
         ("op", "Collecter les remboursements à l'échéance", None, "")),
        (("Crédits obtenus", 15, "crédits"), ("Taux de remboursement à l'échéance", 95, "%")),
    ),
}  # fmt: skip
TERMS = "Les paiements sont faits à la caisse du Centre, en espèces ou par mobile money, contre reçu."
INCIDENTS = (
    ("force_majeure", "Marché fermé pour raison d'insécurité", "Vente reportée à la semaine suivante"),
    ("retard", "Camion de livraison en panne sur la route de Djibo", "Transport loué auprès d'un commerçant"),
    ("qualite", "Sacs de tourteau abîmés à la livraison", "Sacs remplacés par le centre"),
    ("paiement", "Échéance non réglée malgré le rappel", "Rencontre avec le bureau de l'OP"),
)


@dataclass
class _Plan:
    """A contract the demo will sign, pay and follow."""

    op_id: int
    kind: str
    sign_on: date
    effect: date
    end: date
    amount: int
    tacit: bool
    payer: str  # ponctuel / retard / defaillant
    draft_only: bool = False
    contract_id: int = 0
    number: str = ""
    lines: list[tuple[int, date, int]] = field(default_factory=list)  # (due id, pay on, amount)
    done_on: dict[int, date] = field(default_factory=dict)  # obligation id -> day it is done
    amend_on: date | None = None
    suspend_on: date | None = None
    resume_on: date | None = None
    terminate_on: date | None = None


class OpContractYear:
    """The demo's OP contracts over ``[start, end)``; ``day`` is called once per working day."""

    def __init__(
        self, session: Session, seed: int, *, start: date, end: date, clerk: Actor, manager: Actor,
        organisations: list[tuple[int, str]], count: int = 20,
    ) -> None:  # fmt: skip
        self.s, self.rng = session, random.Random(seed * 104_729 + 11)
        self.start, self.end, self.clerk, self.manager = start, end, clerk, manager
        self.tx_seq = 0
        # Unions of the demo have no legal representative on file: contracts go to the OP that have one.
        signing = [o for o in organisations if any(x.side == "op" for x in drafts.default_signatories(session, o[0]))]
        self.plans = [self._plan(i, signing, count) for i in range(count)] if signing else []
        signed = [p for p in self.plans if not p.draft_only and (p.end - p.sign_on).days > 200]
        more = count > 20  # a long demo: a few more avenants, suspensions and terminations along the years
        for p in signed[1:4] + (signed[8::8] if more else []):  # three avenants (and one in eight)
            p.amend_on = p.effect + timedelta(days=(p.end - p.effect).days // 2)
        if len(signed) > 5:
            for p in signed[4:5] + (signed[28::24] if more else []):
                p.suspend_on = p.effect + timedelta(days=45)
            for p in signed[5:6] + (signed[29::24] if more else []):
                p.terminate_on = p.effect + timedelta(days=120)

    def _plan(self, i: int, organisations: list[tuple[int, str]], count: int) -> _Plan:
        rng = self.rng
        kind = list(KINDS)[i % len(KINDS)]
        span = max((self.end - self.start).days - 75, 30)
        sign_on = self.start + timedelta(days=10 + span * i // max(count, 1) + rng.randint(0, 5))
        effect = add_months(date(sign_on.year, sign_on.month, 1), 1)
        months = rng.choice((6, 12, 12, 12, 18, 24))
        low, high = KINDS[kind][1]
        return _Plan(
            op_id=organisations[i % len(organisations)][0], kind=kind, sign_on=sign_on, effect=effect,
            end=add_months(effect, months) - timedelta(days=1), amount=rng.randrange(low, high + 1, 25_000),
            tacit=rng.random() < 0.3, payer=rng.choices(("ponctuel", "retard", "defaillant"), (60, 30, 10))[0],
            draft_only=i >= count - 2,
        )  # fmt: skip

    # --- plumbing ----------------------------------------------------------------------------------

    def _at(self, day: date, minute: int, actor: Actor) -> None:
        self.s.info["now"] = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=UTC)
        self.s.info["actor"] = actor

    def _try(self, fn: Any) -> Any:
        try:
            with self.s.begin_nested():
                return fn()
        except DomainError:
            return None

    def day(self, day: date) -> None:
        if not self.start <= day < self.end or day.weekday() == 6:
            return
        saved = self.s.info.get("actor"), self.s.info.get("now")
        try:
            self._day(day)
        finally:
            self.s.info["actor"], self.s.info["now"] = saved

    def _day(self, day: date) -> None:
        for p in self.plans:
            if p.sign_on == day or (p.sign_on < day and not p.contract_id and day.weekday() == 0):
                self._sign(p, day)
            if not p.contract_id or p.draft_only:
                continue
            self._payments(p, day)
            self._obligations(p, day)
            if p.amend_on and day >= p.amend_on:
                p.amend_on = None
                self._amend(p, day)
            if (p.suspend_on and day >= p.suspend_on) or (p.resume_on and day >= p.resume_on):
                self._suspension(p, day)
            if p.terminate_on and day >= p.terminate_on:
                p.terminate_on = None
                self._at(day, 16 * 60, self.manager)
                self._try(lambda p=p: workflow.terminate_contract(self.s, p.contract_id, "L'OP a cessé ses activités "
                                                                  "collectives (bureau dissous)"))  # fmt: skip
            if self.rng.random() < 0.004:
                kind, text, action = self.rng.choice(INCIDENTS)
                self._at(day, 15 * 60, self.clerk)
                self._try(lambda p=p, k=kind, t=text, a=action: follow.record_incident(
                    self.s, p.contract_id, occurred_on=day, kind=k, description=t, action_taken=a))  # fmt: skip
        if day.day <= 7 and day.month in (1, 4, 7, 10) and day.weekday() == 1:
            self._measures(day)
        if day.weekday() == 0 or day >= self.end - timedelta(days=2):  # weekly, and on the last days
            self._at(day, 17 * 60 + 30, self.clerk)
            refresh_states(self.s)

    # --- activity ----------------------------------------------------------------------------------

    def _draft(self, p: _Plan) -> ContractDraft:
        obj, _amounts, obligations, indicators = KINDS[p.kind]
        rng = self.rng
        n = rng.choice((2, 3, 4))
        shares = [p.amount // n // 5_000 * 5_000] * (n - 1)
        schedule = [ScheduleInput(p.effect, shares[0], "Avance au démarrage")]
        step = max(((p.end - p.effect).days - 30) // max(n - 1, 1), 20)
        for k in range(1, n - 1):
            schedule.append(ScheduleInput(p.effect + timedelta(days=step * k), shares[k], f"Tranche {k + 1}"))
        schedule.append(ScheduleInput(p.effect + timedelta(days=step * (n - 1)), p.amount - sum(shares), "Solde"))
        length = (p.end - p.effect).days
        obligation_inputs = tuple(
            ObligationInput(side, what, p.effect + timedelta(days=length * (k + 1) // (len(obligations) + 1)),
                            Decimal(qty) if qty else None, unit)
            for k, (side, what, qty, unit) in enumerate(obligations)
        )  # fmt: skip
        return ContractDraft(
            op_id=p.op_id, service_type=p.kind, object=obj, effect_date=p.effect, end_date=p.end,
            planned_amount=p.amount, tacit_renewal=p.tacit, advance=shares[0],
            payment_terms=TERMS,
            notice_days=rng.choice((30, 60)), signatories=drafts.default_signatories(self.s, p.op_id),
            schedule=tuple(schedule), obligations=obligation_inputs,
            indicators=tuple(IndicatorInput(name, Decimal(target), unit) for name, target, unit in indicators),
        )  # fmt: skip

    def _sign(self, p: _Plan, day: date) -> None:
        self._at(day, 9 * 60, self.clerk)
        if not p.contract_id:
            p.contract_id = drafts.create_contract(self.s, self._draft(p)).id
        if p.draft_only:
            return
        self._at(day, 9 * 60 + 30, self.manager)
        doc = self._try(lambda: workflow.sign_contract(self.s, p.contract_id))
        if doc is None:
            return
        p.number = doc.number
        rng = self.rng
        for x in doc.schedule:
            delay = {"ponctuel": rng.randint(-3, 8), "retard": rng.randint(25, 80), "defaillant": 10_000}[p.payer]
            p.lines.append((x.due_id or 0, max(x.due_date + timedelta(days=delay), day), x.amount))
        for o in doc.obligations:
            if rng.random() < (0.85 if p.payer != "defaillant" else 0.4) and o.due_date:
                p.done_on[o.id] = o.due_date - timedelta(days=rng.randint(0, 20))

    def _payments(self, p: _Plan, day: date) -> None:
        for due_id, _pay_on, _amount in [x for x in p.lines if x[1] <= day]:
            p.lines = [x for x in p.lines if x[0] != due_id]
            rest = next((r.remaining for r in dues.list_dues(self.s, p.op_id) if r.id == due_id), 0)
            if rest <= 0:
                continue  # already settled (the cash year pays the oldest dues of an OP too)
            means = self.rng.choices(("especes", "mobile_money", "virement"), (55, 35, 10))[0]
            self.tx_seq += 1
            draft = PaymentDraft(
                "REC", rest, means, f"Règlement d'échéance du contrat {p.number}",
                party_id=p.op_id, operator="Orange Money" if means == "mobile_money" else None,
                transaction_id=f"OPC{day:%y%m%d}.{self.tx_seq:05d}" if means == "mobile_money" else None,
                allocations=((due_id, rest),),
            )  # fmt: skip
            self._at(day, 10 * 60 + self.tx_seq % 60, self.clerk)
            self._try(lambda d=draft: payments.record_payment(self.s, d, accept_warnings=True))

    def _obligations(self, p: _Plan, day: date) -> None:
        for oid, on in list(p.done_on.items()):
            if on <= day:
                del p.done_on[oid]
                self._at(day, 11 * 60, self.clerk)
                self._try(lambda o=oid: follow.set_obligation_done(self.s, o, done_on=day,
                                                                   note="Constaté avec le bureau de l'OP"))  # fmt: skip

    def _amend(self, p: _Plan, day: date) -> None:
        extra = p.amount // 4 // 5_000 * 5_000
        new_end = add_months(p.end + timedelta(days=1), 3) - timedelta(days=1)
        draft = AmendmentDraft(
            object="prolongation de trois mois et prestations complémentaires demandées par l'assemblée générale",
            effect_date=day, end_date=new_end, amount=extra, signatories=drafts.default_signatories(self.s, p.op_id),
            schedule=(ScheduleInput(p.end - timedelta(days=15), extra, "Prestations complémentaires"),),
            obligations=(ObligationInput("centre", "Réaliser les prestations complémentaires", p.end),),
        )  # fmt: skip
        self._at(day, 14 * 60, self.clerk)
        made = self._try(lambda: drafts.create_amendment(self.s, p.contract_id, draft))
        if made is None:
            return
        self._at(day, 14 * 60 + 30, self.manager)
        doc = self._try(lambda: workflow.sign_contract(self.s, made.id))
        if doc is not None and self.rng.random() < 0.7:
            line = doc.schedule[0]
            p.lines.append((line.due_id or 0, line.due_date + timedelta(days=self.rng.randint(0, 10)), line.amount))
        p.end = new_end

    def _suspension(self, p: _Plan, day: date) -> None:
        """Suspended for insecurity, resumed a month later."""
        self._at(day, 16 * 60, self.manager)
        if p.suspend_on and day >= p.suspend_on:
            p.suspend_on = None
            reason = "Insécurité : accès au village impossible pour les équipes du centre"
            if self._try(lambda: workflow.suspend_contract(self.s, p.contract_id, reason)):
                p.resume_on = day + timedelta(days=30)
        elif p.resume_on and day >= p.resume_on:
            p.resume_on = None
            self._try(lambda: workflow.resume_contract(self.s, p.contract_id, "Retour de la sécurité dans la zone"))

    def _measures(self, day: date) -> None:
        """Early in each quarter, the value of the quarter just ended for every indicator of a contract in force."""
        year, quarter = quarter_of(day - timedelta(days=10))
        start, end = quarter_bounds(year, quarter)
        self._at(day, 15 * 60 + 30, self.clerk)
        for p in self.plans:
            if not p.contract_id or p.draft_only or p.effect >= end or p.end < start:
                continue
            doc = self._try(lambda p=p: get_contract(self.s, p.contract_id))
            if doc is None or doc.state not in ("en_cours", "echu", "signe"):
                continue
            quarters = max(1, ((p.end - p.effect).days + 45) // 91)
            for i in doc.indicators:
                if i.unit == "%":
                    value = Decimal(self.rng.randint(int(i.target * 80 / 100), int(min(i.target * 110 / 100, 100))))
                else:
                    value = (i.target / quarters * Decimal(self.rng.randint(60, 120)) / 100).quantize(Decimal(1))
                self._try(lambda i=i, v=value: follow.record_measure(self.s, i.id, year, quarter, v))


def op_contract_year(session: Session, seed: int, **kw: Any) -> OpContractYear:
    """Plan the year's OP contracts; the caller then runs :meth:`OpContractYear.day` for each day."""
    return OpContractYear(session, seed, **kw)
