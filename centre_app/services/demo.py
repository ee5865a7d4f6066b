"""A realistic demo centre in Djibo (Soum), generated through the services so it obeys every rule.

Deterministic for a seed and an end date. Each module adds its part (sales, stock, contracts…).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from centre_app.domain.permissions import Role
from centre_app.models.catalog import Product, Warehouse
from centre_app.models.parties import Party
from centre_app.models.stock import StockMovement
from centre_app.services import catalog, demo_cash, demo_stock, livestock_ref, organisations, parties, setup
from centre_app.services import settings as settings_service
from centre_app.services.context import SYSTEM, Actor
from centre_app.services.demo_livestock import livestock_year
from centre_app.services.demo_op_contracts import op_contract_year
from centre_app.services.demo_scale import SMALL, DemoScale, label, periods, scale_of
from centre_app.services.events import record_event
from centre_app.services.session_cache import release_held
from centre_app.services.users import create_user

DEMO_PASSWORD = "demo1234"
DEMO_USERS = (
    ("admin", "Salif Ouédraogo", Role.ADMIN),
    ("gestion", "Aminata Dicko", Role.MANAGER),
    ("caisse", "Boureima Tamboura", Role.CLERK),
    ("compta", "Mariam Sawadogo", Role.ACCOUNTANT),
)

COMMUNES = ("Djibo", "Aribinda", "Baraboulé", "Tongomayel", "Kelbo", "Diguel", "Pobé-Mengao", "Nassoumbou")
VILLAGES = {
    "Djibo": ("Djibo", "Lörgo", "Mentao", "Sow", "Gassel", "Béléhédé"),
    "Aribinda": ("Aribinda", "Gasseliki", "Pem", "Dibilou", "Koudougou"),
    "Baraboulé": ("Baraboulé", "Kourfayel", "Petelbaka", "Sigirka"),
    "Tongomayel": ("Tongomayel", "Ouro Hama", "Silgadji", "Belgou"),
    "Kelbo": ("Kelbo", "Liki", "Koyo", "Silmangué"),
    "Diguel": ("Diguel", "Gorgadji", "Woulde"),
    "Pobé-Mengao": ("Pobé-Mengao", "Dioma", "Lossa", "Nangaba"),
    "Nassoumbou": ("Nassoumbou", "Dadou", "Boulkessi", "Selbo"),
}
MEN = (
    "Amadou", "Boureima", "Hamidou", "Issa", "Oumarou", "Souleymane", "Hama", "Adama", "Moussa", "Abdoulaye",
    "Ousmane", "Hassane", "Ibrahim", "Seydou", "Yacouba", "Idrissa", "Mamoudou", "Belco", "Bouba", "Sambo",
    "Aly", "Boukary", "Harouna", "Djibrilla", "Salif",
)  # fmt: skip
WOMEN = (
    "Aïssata", "Fatimata", "Mariam", "Kadidiatou", "Hawa", "Ramatou", "Awa", "Salamata", "Djeneba", "Hadjara",
    "Fanta", "Oumou", "Aminata", "Bintou", "Zénabou", "Safiatou", "Halimatou",
)  # fmt: skip
SURNAMES = (
    "Dicko", "Diallo", "Barry", "Sidibé", "Sow", "Tamboura", "Cissé", "Maïga", "Bandé", "Sawadogo", "Ouédraogo",
    "Kindo", "Tall", "Bah", "Ly", "Boly", "Sangaré", "Dia", "Koné", "Hamadou", "Diandé", "Guindo",
)  # fmt: skip
OP_STEMS = (
    "Wendkouni", "Laafi", "Nafa", "Benkadi", "Kawral", "Jam", "Dental", "Sabaabe", "Ndimaaku", "Tiiraaku",
    "Baraka", "Nongtaaba", "Song-Taaba", "Wend-Panga", "Yiriwa", "Djiguiya",
)  # fmt: skip
PRODUCT_PRICES = {  # (unit, normal price, social price) per unit, F CFA
    "MIL": ("SAC100", 18_000, 15_000),
    "SORGHO": ("SAC100", 17_000, 14_500),
    "MAIS": ("SAC100", 17_500, 15_000),
    "RIZ": ("SAC50", 21_000, 18_500),
    "NIEBE": ("SAC100", 35_000, 30_000),
    "TOURTEAU": ("SAC50", 10_000, 8_500),
    "GRAINE": ("SAC50", 7_500, 6_500),
    "SONBLE": ("SAC40", 6_000, 5_000),
    "SONMAIS": ("SAC50", 5_500, 4_500),
    "GRANULE": ("SAC50", 12_500, 11_000),
    "BLOC": ("bloc", 2_500, 2_000),
    "SEL": ("SAC50", 9_000, 8_000),
    "FOURRAGE": ("botte", 1_500, 1_250),
}


@dataclass(frozen=True)
class DemoReport:
    parties: int
    organisations: int
    users: int
    days: int = 0
    stock_movements: int = 0  # posted by the stock part (receptions, deliveries, transfers, losses…)
    stock_seconds: float = 0.0  # time spent in the stock part (orders, deliveries, their receipts…)


def _clock(session: Session, moment: datetime) -> None:
    session.info["now"] = moment


def create_demo(
    session: Session,
    *,
    scale: str | DemoScale = "small",
    seed: int = 1,
    until: date | None = None,
    years: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    checkpoint: Callable[[], None] | None = None,
) -> DemoReport:
    """Fill an empty, migrated database with a demo centre. Runs as the system actor, then as users.

    The period ends the day before ``until`` (today by default) and lasts the scale's years (or ``years``).
    ``progress(stage, done, total)`` reports the parties, then each year (« Année 2019 », days done of the
    year); ``checkpoint()`` runs after each year's last closing: the command line commits there, so that a
    ten-year demo does not hold one huge transaction."""
    rng = random.Random(seed)
    size = scale_of(scale, years)
    end = until or date.today()
    start = end - timedelta(days=size.days)
    session.info["actor"] = SYSTEM
    _clock(session, datetime.combine(start, time(8, 0), tzinfo=UTC))
    setup.initialize_centre(
        session,
        setup.SetupInput(
            centre_name="Centre de services agro-pastoral du Soum",
            acronym="CSAP-Soum",
            country="BF",
            town="Djibo",
            address="Secteur 4, route de Ouahigouya, Djibo",
            phone="+226 24 56 01 23",
            admin_username=DEMO_USERS[0][0],
            admin_full_name=DEMO_USERS[0][1],
            admin_password=DEMO_PASSWORD,
        ),
    )
    settings_service.apply_settings(
        session,
        {
            "centre.legal_form": "Association",
            "centre.registration": "2019-045/MATD/RSHL/PSUM/HC-DJB",
            "centre.po_box": "BP 12 Djibo",
            "centre.email": "csap.soum@example.bf",
            "centre.tax_id": "00145872 K",
            "centre.rccm": "BF-DJB-2019-B-0042",
            "centre.signatories": ["Aminata Dicko, gestionnaire", "Salif Ouédraogo, coordonnateur"],
        },
    )
    made = {u: create_user(session, u, name, role, DEMO_PASSWORD) for u, name, role in DEMO_USERS[1:]}
    manager = made["gestion"]
    session.info["actor"] = Actor(manager.id, manager.username, manager.full_name, manager.role)

    _reference(session, start, size, end)
    people = _parties(session, rng, size.parties, start, progress)
    n_orgs = _organisations(session, rng, size.organisations, people, start)
    clerk = made["caisse"]
    customers = [(r.id, r.name) for r in parties.list_parties(session, role="producteur")]
    orgs = [(r.id, r.name) for r in parties.list_parties(session, role="op")]
    clerk_actor = Actor(clerk.id, clerk.username, clerk.full_name, clerk.role)
    # The stock year runs inside the cash year, one working day at a time, before that day's closing.
    stock_year = demo_stock.stock_year(
        session, seed, start=start, end=end, clerk=clerk_actor, manager=session.info["actor"], customers=customers,
        organisations=orgs, scale=size,
    )  # fmt: skip
    market_days = livestock_year(
        session, seed, start=start, end=end, clerk=clerk_actor, manager=session.info["actor"], sellers=customers,
        scale=size,
    )  # fmt: skip
    op_contracts = op_contract_year(
        session, seed, start=start, end=end, clerk=clerk_actor, manager=session.info["actor"], organisations=orgs,
        count=round(size.op_contracts_per_year * size.years),
    )  # fmt: skip
    demo_cash.create_cash_year(
        session, rng, start=start, end=end, clerk=clerk_actor, manager=session.info["actor"], customers=customers,
        organisations=orgs, day_hooks=(stock_year.day, market_days.day, op_contracts.day),
        events_per_day=size.cash_events, after_day=_year_steps(session, start, end, progress, checkpoint),
    )  # fmt: skip
    session.info["actor"] = SYSTEM
    _clock(session, datetime.combine(end, time(18, 0), tzinfo=UTC))
    what = {"scale": size.name, "seed": seed, "until": end.isoformat()}
    if size.days != 365:
        what["days"] = size.days
    record_event(session, "demo.created", what)
    session.info.pop("now", None)
    return DemoReport(
        parties=len(people) + n_orgs, organisations=n_orgs, users=len(DEMO_USERS), days=size.days,
        stock_movements=session.scalar(select(func.count()).select_from(StockMovement)) or 0,
        stock_seconds=stock_year.seconds,
    )  # fmt: skip


def _year_steps(
    session: Session, start: date, end: date, progress: Callable[[str, int, int], None] | None,
    checkpoint: Callable[[], None] | None,
) -> Callable[[date], None]:  # fmt: skip
    """What runs after each day of the period: the year's progress, and the checkpoint after its last day."""
    years = periods(start, end)
    ends = {last - timedelta(days=1): (first, last) for first, last in years}
    state = {"year": years[0]}

    def after(day: date) -> None:
        first, last = state["year"]
        if progress is not None and ((day - first).days % 7 == 0 or day + timedelta(days=1) == last):
            progress(f"Année {label(first, last)}", (day - first).days + 1, (last - first).days)
        if day in ends:
            if checkpoint is not None:
                checkpoint()
                release_held(session, keep=(Party, Product, Warehouse))  # not the year's orders and contracts
            following = [y for y in years if y[0] > day]
            if following:
                state["year"] = following[0]

    return after


def _reference(session: Session, start: date, scale: DemoScale = SMALL, end: date | None = None) -> None:
    for code, name, kind, village in (
        ("ARB", "Banque de céréales d'Aribinda", "banque_cereales", "Aribinda"),
        ("TGM", "Banque de céréales de Tongomayel", "banque_cereales", "Tongomayel"),
        ("KLB", "Banque de céréales de Kelbo", "banque_cereales", "Kelbo"),
    ):
        catalog.create_warehouse(session, code, name, kind, village)
    lists = {pl.code: pl.id for pl in catalog.list_price_lists(session)}
    products = {p.code: p.id for p in catalog.list_products(session)}
    last_day = end or start + timedelta(days=365)
    for first, _last in periods(start, last_day) if scale.days > 365 else [(start, last_day)]:
        mid = first + timedelta(days=180)
        factor = scale.price_factor_bp(first, last_day)
        for code, (unit, normal_now, social_now) in PRODUCT_PRICES.items():
            normal, social = _priced(normal_now, factor), _priced(social_now, factor)
            catalog.set_price(session, lists["NORMAL"], products[code], unit, normal, first)
            catalog.set_price(session, lists["SOCIAL"], products[code], unit, social, first)
            # Prices move once in the year (soudure): the earlier price stays for earlier documents.
            catalog.set_price(session, lists["NORMAL"], products[code], unit, normal + normal // 10 // 250 * 250, mid)
    markets = (
        ("Marché à bétail de Djibo", "Djibo", "lundi"),
        ("Marché d'Aribinda", "Aribinda", "vendredi"),
        ("Marché de Baraboulé", "Baraboulé", "mardi"),
        ("Marché de Tongomayel", "Tongomayel", "jeudi"),
        ("Marché de Kelbo", "Kelbo", "dimanche"),
    )
    taxes = {"bovin": 1_000, "ovin": 250, "caprin": 200, "camelin": 1_500, "asin": 300, "équin": 500}
    for name, commune, day in markets:
        market_id = livestock_ref.create_market(session, name, commune, day)
        for species, amount in taxes.items():
            livestock_ref.set_market_tax(session, market_id, species, amount, start)
    livestock_ref.create_commission_rule(
        session, "Bovin, par tête", "par_tete", "vendeur", start, species_code="bovin", amount=2_500
    )
    livestock_ref.create_commission_rule(
        session, "Ovin, par tête", "par_tete", "vendeur", start, species_code="ovin", amount=500
    )
    livestock_ref.create_commission_rule(
        session, "Caprin, par tête", "par_tete", "vendeur", start, species_code="caprin", amount=400
    )
    livestock_ref.create_commission_rule(session, "2 % du prix, partagé", "pourcentage", "partage", start, rate_bp=200)
    livestock_ref.create_commission_rule(session, "Forfait par lot", "forfait_lot", "acheteur", start, amount=5_000)


def _priced(amount: int, factor_bp: int) -> int:
    """A price of the last year brought back to an earlier year (whole 50 F)."""
    return amount if factor_bp == 10_000 else max(50, amount * factor_bp // 10_000 // 50 * 50)


def _phone(rng: random.Random) -> str:
    prefix = rng.choice(("70", "71", "72", "75", "76", "78", "60", "61", "64", "66"))
    return f"+226 {prefix} {rng.randint(0, 99):02d} {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"


def _parties(
    session: Session, rng: random.Random, count: int, start: date, progress: Callable[[str, int, int], None] | None
) -> list[int]:
    ids: list[int] = []
    used_ids: set[str] = set()
    for i in range(count):
        commune = rng.choice(COMMUNES)
        female = rng.random() < 0.35
        first = rng.choice(WOMEN if female else MEN)
        name = f"{rng.choice(SURNAMES).upper()} {first}"
        r = rng.random()
        roles: tuple[str, ...]
        if r < 0.70:
            roles = ("producteur",)
        elif r < 0.88:
            roles = ("acheteur",)
        elif r < 0.93:
            roles = ("producteur", "acheteur")
        elif r < 0.97:
            roles = ("fournisseur",)
        else:
            roles = ("partenaire",)
        id_number = None
        if rng.random() < 0.8:
            while True:
                id_number = f"B{rng.randint(10_000_000, 99_999_999)}"
                if id_number not in used_ids:
                    used_ids.add(id_number)
                    break
        trader_card = f"CCB-SUM-{rng.randint(100, 999)}" if "acheteur" in roles and rng.random() < 0.6 else ""
        row = parties.create_party(
            session,
            parties.PartyInput(
                name=name, kind="personne", roles=roles, sex="F" if female else "M",
                village=rng.choice(VILLAGES[commune]), commune=commune, province="Soum",
                phone=_phone(rng) if rng.random() < 0.85 else "",
                id_type="CNIB" if id_number else None, id_number=id_number, trader_card=trader_card,
                credit_limit=rng.choice((None, None, 50_000, 100_000, 250_000)) if "producteur" in roles else None,
            ),
        )  # fmt: skip
        ids.append(row.id)
        if progress and i % 100 == 0:
            progress("tiers", i, count)
    return ids


def _organisations(session: Session, rng: random.Random, count: int, people: list[int], start: date) -> int:
    producers = list(people)
    unions: list[int] = []
    for commune in COMMUNES[: max(2, count // 12)]:
        row = organisations.create_organisation(
            session,
            parties.PartyInput(name=f"Union des groupements d'éleveurs de {commune}", commune=commune,
                               province="Soum", village=commune, roles=("op",)),
            organisations.OrganisationInput(
                legal_form="union", registration_number=f"{rng.randint(10, 99)}/{start.year - rng.randint(3, 12)}"
                "/MAAH/RSHL/PSUM", founded_on=date(start.year - rng.randint(3, 12), rng.randint(1, 12), 1),
                seat=commune,
            ),
        )  # fmt: skip
        unions.append(row.id)
    made = len(unions)
    while made < count:
        commune = rng.choice(COMMUNES)
        form = rng.choice(("groupement", "groupement", "scoops", "association", "scoop_ca"))
        label = {"groupement": "Groupement", "scoops": "SCOOPS", "association": "Association", "scoop_ca": "SCOOP-CA"}
        name = f"{label[form]} {rng.choice(OP_STEMS)} de {rng.choice(VILLAGES[commune])}"
        members = rng.sample(producers, k=min(len(producers), rng.randint(8, 25)))
        row = organisations.create_organisation(
            session,
            parties.PartyInput(name=name, commune=commune, province="Soum", village=commune, phone=_phone(rng),
                               roles=("op",)),
            organisations.OrganisationInput(
                legal_form=form, registration_number=f"{rng.randint(100, 999)}/{start.year - 2}/PSUM",
                founded_on=date(start.year - rng.randint(1, 10), rng.randint(1, 12), rng.randint(1, 28)),
                seat=commune, legal_rep_id=members[0], parent_id=rng.choice(unions) if rng.random() < 0.7 else None,
            ),
        )  # fmt: skip
        offices = ("président(e)", "secrétaire", "trésorier(ère)")
        for k, member in enumerate(members):
            organisations.add_member(
                session, row.id, member, joined_on=start - timedelta(days=rng.randint(30, 2000)),
                office=offices[k] if k < len(offices) else "",
            )  # fmt: skip
        made += 1
    return made
