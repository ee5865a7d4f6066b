"""The livestock sales' share of the home dashboard: the centre's revenue per month for the sales chart, and
alerts for delivered contracts the buyer has not finished paying.

Revenue follows the accounting rule: in a mandat or a direct sale the centre earns its commission only (the
price belongs to the seller); in an achat-revente the animals are the centre's own, so the sale price counts.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from centre_app.models.livestock import LivestockContract as C

COMMISSIONS = "Commissions"
RESALES = "Bétail revendu"
_COUNTED = ("conclu", "livre")


def monthly_sales(session: Session, start: date, end: date) -> dict[str, int]:
    """Commissions (mandats, direct sales) and achat-revente sales of contracts dated in ``[start, end)``."""
    resale = C.contract_type == "achat_revente"
    commissions, resales = session.execute(
        select(
            func.coalesce(func.sum(case((resale, 0), else_=C.commission)), 0),
            func.coalesce(func.sum(case((resale, C.gross), else_=0)), 0),
        ).where(C.status.in_(_COUNTED), C.contract_date >= start, C.contract_date < end)
    ).one()
    out = {}
    if commissions:
        out[COMMISSIONS] = int(commissions)
    if resales:
        out[RESALES] = int(resales)
    return out
