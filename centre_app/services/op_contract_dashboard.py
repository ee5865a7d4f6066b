"""The OP contracts' part of the home dashboard (``dashboard.SOURCES``): contracts expiring within 60 days,
obligations due within 15 days or late, schedule lines unpaid after their date — section « Contrats OP »,
each alert opening the contracts list on its contract.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from centre_app.domain.formatting import format_date, format_money
from centre_app.services import op_contract_queries as queries
from centre_app.services.dashboard import Alert, Target
from centre_app.services.op_contract_family import today_of
from centre_app.services.settings import get_settings

SECTION = "Contrats OP"
PAGE = "OpContractsPage"
URGENT_DAYS = 15  # a contract ending within this many days, a payment late by more than 30: in red
LONG_LATE_DAYS = 30


def _target(contract_id: int) -> Target:
    return Target("op_contracts", PAGE, (("contract_id", contract_id),))


@contextmanager
def _as_of(session: Session, today: date) -> Any:
    """The contracts' feeds read the services' clock: set it to ``today`` when the dashboard asks another day."""
    if today_of(session) == today:
        yield
        return
    before = session.info.get("now")
    session.info["now"] = datetime(today.year, today.month, today.day, 12, tzinfo=UTC)
    try:
        yield
    finally:
        if before is None:
            session.info.pop("now", None)
        else:
            session.info["now"] = before


def _days(n: int) -> str:
    return "1 jour" if n == 1 else f"{n} jours"


def dashboard_alerts(session: Session, today: date) -> list[Alert]:
    cs = get_settings(session)
    with _as_of(session, today):
        board = queries.dashboard(session)
    out: list[Alert] = []
    for r in board.expiring:
        when = "aujourd'hui" if r.days_to_end == 0 else f"dans {_days(r.days_to_end)}"
        renewal = " (tacite reconduction)" if r.tacit_renewal else ""
        out.append(
            Alert(
                SECTION, f"Contrat {r.number} ({r.op_name}) : fin le {format_date(r.end_date)}, {when}{renewal}",
                "danger" if r.days_to_end <= URGENT_DAYS and not r.tacit_renewal else "warning", _target(r.id),
                (0, r.end_date, r.number),
            )
        )  # fmt: skip
    for a in board.obligations:
        o = a.obligation
        who = "du centre" if o.side == "centre" else "de l'OP"
        if o.state == "en_retard" and o.due_date is not None:
            text = (f"Obligation {who} en retard de {_days((today - o.due_date).days)} : {o.deliverable} "
                    f"({a.contract_number}, {a.op_name})")  # fmt: skip
            severity = "danger"
        else:
            due = format_date(o.due_date) if o.due_date else ""
            text = f"Obligation {who} à réaliser d'ici le {due} : {o.deliverable} ({a.contract_number}, {a.op_name})"
            severity = "info"
        out.append(
            Alert(SECTION, text, severity, _target(a.contract_id), (1, o.due_date or date.max, a.contract_number))
        )
    for p in board.late_payments:
        x = p.line
        amount = format_money(x.remaining, cs.currency, cs.locale)
        out.append(
            Alert(
                SECTION, f"Échéance impayée de {p.contract_number} ({p.op_name}) : {amount} attendus depuis le "
                f"{format_date(x.due_date)} ({_days(x.days_late)} de retard)",
                "danger" if x.days_late > LONG_LATE_DAYS else "warning", _target(p.contract_id),
                (2, x.due_date, p.contract_number),
            )
        )  # fmt: skip
    return out
