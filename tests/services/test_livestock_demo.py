"""The demo's livestock year, run for a few weeks inside the demo's cash days: every contract, receipt and
voucher goes through the services, every day closes, and `check` finds nothing."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from centre_app.models.cash import Payment
from centre_app.models.database import Database
from centre_app.models.livestock import LivestockContract, LivestockDocument
from centre_app.services import demo, demo_cash, integrity, livestock_lists, parties
from centre_app.services.context import Actor
from centre_app.services.demo_livestock import livestock_year

START = date(2026, 4, 27)  # a Monday, four weeks before the Tabaski 2026
END = START + timedelta(days=42)


def test_six_weeks_of_market_days_obey_every_rule(db: Database, manager: Actor, clerk: Actor) -> None:
    with db.transaction(manager) as s:
        s.info["now"] = datetime.combine(START - timedelta(days=1), time(8, 0), tzinfo=UTC)
        demo._reference(s, START)
        demo._parties(s, random.Random(3), 80, START, None)
        sellers = [(r.id, r.name) for r in parties.list_parties(s, role="producteur")]
        year = livestock_year(s, 3, start=START, end=END, clerk=clerk, manager=manager, sellers=sellers)
        demo_cash.create_cash_year(
            s, random.Random(3), start=START, end=END, clerk=clerk, manager=manager, customers=sellers,
            organisations=[], day_hooks=(year.day,),
        )  # fmt: skip
        s.info.pop("now")
        contracts = s.scalar(select(func.count()).select_from(LivestockContract))
        assert 12 <= contracts <= 60
        rows = livestock_lists.list_contracts(s)
        types = {r.contract_type for r in rows}
        assert types == {"mandat", "vente_directe", "achat_revente"}
        assert {r.destination_country for r in rows} & {"Ghana", "Côte d'Ivoire", "Togo", "Nigeria"}
        assert {r.state for r in rows} >= {"solde"}
        assert (
            s.scalar(select(func.count()).select_from(LivestockDocument).where(LivestockDocument.hash.is_(None))) == 0
        )
        vouchers = s.scalar(select(func.count()).select_from(Payment).where(Payment.doc_type == "BPV"))
        assert vouchers > 0
        assert integrity.run_check(s) == []
