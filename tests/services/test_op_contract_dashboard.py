"""The OP contracts' alerts on the home dashboard: expiring contracts, obligations due or late, late payments,
in the « Contrats OP » section, each pointing at the contracts list on its contract."""

from __future__ import annotations

from datetime import date

import pytest

from centre_app.models.database import Database
from centre_app.services import dashboard, op_contract_dashboard
from centre_app.services import op_contract_drafts as drafts
from centre_app.services import op_contracts as workflow
from centre_app.services.context import Actor
from centre_app.services.dashboard import Target
from tests.services.op_contract_helpers import at, draft, make_op, tx

DAY = date(2026, 5, 20)


@pytest.fixture
def contracts(db: Database, clerk: Actor, manager: Actor) -> dict[str, int]:
    """A one-year contract (first payment of 1 April unpaid, an OP obligation due 15 May) and a short training
    contract ending on 30 June (its obligation due on 31 May); a draft that never shows."""
    op = make_op(db, clerk)
    with tx(db, clerk) as s:
        main = drafts.create_contract(s, draft(op)).id
        short = drafts.create_contract(
            s, draft(op, service_type="formation", object="formation des relais", planned_amount=0, advance=0,
                     schedule=(), effect_date=date(2026, 3, 15), end_date=date(2026, 6, 30),
                     obligations=(drafts.ObligationInput("centre", "Former dix relais", date(2026, 5, 31)),)),
        ).id  # fmt: skip
        drafts.create_contract(s, draft(op, object="projet jamais signé"))
    with tx(db, manager) as s:
        workflow.sign_contract(s, main)
        workflow.sign_contract(s, short)
    return {"main": main, "short": short}


def test_alerts_of_the_contracts(db: Database, clerk: Actor, contracts: dict[str, int]) -> None:
    with tx(db, clerk, at(DAY)) as s:
        alerts = op_contract_dashboard.dashboard_alerts(s, DAY)
    assert {a.section for a in alerts} == {"Contrats OP"}
    texts = [a.text for a in sorted(alerts, key=lambda a: a.sort_key)]
    assert texts[0].startswith(
        "Contrat COP-2026-0002 (Groupement Wendkouni de Mentao) : fin le 30/06/2026, dans 41 jours"
    )
    assert texts[1].startswith("Obligation de l'OP en retard de 5 jours : Rassembler les animaux au parc de vente")
    assert texts[2].startswith("Obligation du centre à réaliser d'ici le 31/05/2026 : Former dix relais")
    assert texts[3].startswith("Échéance impayée de COP-2026-0001 (Groupement Wendkouni de Mentao) : 150")
    assert "49 jours de retard" in texts[3] and "{" not in "".join(texts)
    by_text = {a.text: a for a in alerts}
    assert by_text[texts[0]].target == Target("op_contracts", "OpContractsPage", (("contract_id", contracts["short"]),))
    assert by_text[texts[3]].target == Target("op_contracts", "OpContractsPage", (("contract_id", contracts["main"]),))
    assert [by_text[t].severity for t in texts] == ["warning", "danger", "info", "danger"]


def test_registered_on_the_home_dashboard(db: Database, clerk: Actor, contracts: dict[str, int]) -> None:
    assert "centre_app.services.op_contract_dashboard" in dashboard.SOURCES
    # The home page asks for another day than the services' clock: the contracts are read as of that day.
    with tx(db, clerk, at(date(2026, 3, 20))) as s:
        board = dashboard.dashboard(s, DAY)
        assert s.info["now"] == at(date(2026, 3, 20))  # the clock is given back
    ours = [a for a in board.alerts if a.section == "Contrats OP"]
    assert len(ours) == 4
    with tx(db, clerk, at(date(2026, 3, 20))) as s:
        early = op_contract_dashboard.dashboard_alerts(s, date(2026, 3, 20))
    assert early == []  # nothing late nor expiring yet, nothing due within 15 days
