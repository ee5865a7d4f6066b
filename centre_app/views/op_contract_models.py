"""Table models of the OP contract screens: one read-only model over service DTOs (or the inputs typed in a
draft) described by ``list_page.Column``s, and the column sets of each table (échéancier, obligations,
indicators and their quarterly measures, avenants, attachments, incidents, history, signatories).

A column may colour its cells (``COLOURS``: late in red, done in green) through ``ColouredColumn``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtGui import QColor

from centre_app.domain.errors import DomainError, message
from centre_app.domain.formatting import format_date, format_datetime, format_number
from centre_app.domain.op_contracts import SIDES
from centre_app.domain.quantity import parse_quantity
from centre_app.views.cash_models import money
from centre_app.views.i18n import N_, _
from centre_app.views.list_page import Column
from centre_app.views.rows_model import ColouredColumn

Currency = tuple[str, str]
RED, GREEN, GREY = QColor("#b00020"), QColor("#2e7d32"), QColor("#777777")
STATE_COLOURS = {"en_retard": RED, "fait": GREEN, "payee": GREEN, "annulee": GREY, "resilie": GREY, "solde": GREEN}


# --- small formatters ---------------------------------------------------------------------------------
def day(d: Any) -> str:
    return format_date(d) if d else ""


def moment(dt: Any) -> str:
    return format_datetime(dt) if dt else ""


def number(value: Decimal | int | None) -> str:
    return "" if value is None else format_number(value).replace("\u202f", " ").replace("\u00a0", " ")


def plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def state_colour(row: Any) -> QColor | None:
    return STATE_COLOURS.get(getattr(row, "state", ""))


def _m(cur: Currency, key: str) -> Callable[[Any], str]:
    return lambda r: money(getattr(r, key), cur, symbol=False)


# --- column sets --------------------------------------------------------------------------------------
def schedule_input_columns(cur: Currency) -> tuple[Column, ...]:
    """The échéancier of a draft (``ScheduleInput``s as typed)."""
    return (
        Column("due_date", N_("Due date"), text=lambda r: day(r.due_date)),
        Column("amount", N_("Amount"), text=_m(cur, "amount"), kind="money"),
        Column("label", N_("Description"), stretch=True),
    )


def schedule_columns(cur: Currency) -> tuple[Column, ...]:
    """The échéancier of a signed contract (``ScheduleLineRow``), paid and late at today's date."""
    return (
        Column("position", N_("No."), kind="integer"),
        Column("due_date", N_("Due date"), text=lambda r: day(r.due_date)),
        Column("label", N_("Description"), stretch=True),
        Column("source_number", N_("Contract / avenant")),
        Column("amount", N_("Amount"), text=_m(cur, "amount"), kind="money"),
        Column("paid", N_("Paid"), text=_m(cur, "paid"), kind="money"),
        Column("remaining", N_("Remaining"), text=_m(cur, "remaining"), kind="money"),
        ColouredColumn("state_label", N_("State"), colour=state_colour),
        ColouredColumn(
            "days_late",
            N_("Days late"),
            text=lambda r: str(r.days_late) if r.days_late else "",
            kind="integer",
            colour=lambda r: RED,
        ),
        Column("receipts", N_("Receipts"), text=lambda r: ", ".join(r.receipts)),
    )


def obligation_input_columns() -> tuple[Column, ...]:
    return (
        Column("side", N_("Responsible"), text=lambda r: SIDES.get(r.side, r.side)),
        Column("deliverable", N_("Deliverable"), stretch=True),
        Column("quantity", N_("Quantity"), text=lambda r: f"{number(to_decimal(r.quantity))} {r.unit}".strip()),
        Column("due_date", N_("Due date"), text=lambda r: day(r.due_date)),
    )


def to_decimal(value: Any) -> Decimal | None:
    """A typed quantity as a Decimal for display (None when empty or not a number: the services decide)."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal | int):
        return Decimal(value)
    try:
        return parse_quantity(str(value))
    except DomainError:
        return None


def decimal_text(value: Any) -> str:
    """A Decimal as the clerk types it back (« 12,5 »)."""
    dec = to_decimal(value)
    return "" if dec is None else format(dec.normalize(), "f").replace(".", ",")


def quantity_error(text: str) -> str:
    """« » when ``text`` is empty or a quantity, else the French reason (as you type only)."""
    if not text.strip():
        return ""
    try:
        parse_quantity(text)
    except DomainError as err:
        return message(err)
    return ""


def obligation_columns() -> tuple[Column, ...]:
    """The obligations of a signed contract (``ObligationRow``) with their follow-up."""
    return (
        Column("side_label", N_("Responsible")),
        Column("deliverable", N_("Deliverable"), stretch=True),
        Column("quantity_label", N_("Quantity"), text=lambda r: plain(r.quantity_label)),
        Column("due_date", N_("Due date"), text=lambda r: day(r.due_date)),
        ColouredColumn("state_label", N_("Status"), colour=state_colour),
        Column("done_on", N_("Done on"), text=lambda r: day(r.done_on)),
        Column("source_number", N_("Contract / avenant")),
    )


def indicator_input_columns() -> tuple[Column, ...]:
    return (
        Column("name", N_("Indicator"), stretch=True),
        Column("target", N_("Target"), text=lambda r: number(to_decimal(r.target)), kind="decimal"),
        Column("unit", N_("Unit")),
    )


def indicator_columns() -> tuple[Column, ...]:
    """Indicators of a signed contract (``IndicatorRow``): target and the last quarter measured."""
    return (
        Column("name", N_("Indicator"), stretch=True),
        Column("unit", N_("Unit")),
        Column("target", N_("Target"), text=lambda r: number(r.target), kind="decimal"),
        Column("latest", N_("Last value"), text=lambda r: number(r.latest), kind="decimal"),
        Column("measures", N_("Last quarter"), text=lambda r: r.measures[-1].label if r.measures else _("none yet")),
    )


def measure_columns() -> tuple[Column, ...]:
    return (
        Column("label", N_("Quarter")),
        Column("value", N_("Value"), text=lambda r: number(r.value), kind="decimal"),
        Column("note", N_("Note"), stretch=True),
        Column("recorded_by", N_("Entered by")),
        Column("recorded_at", N_("Entered on"), text=lambda r: moment(r.recorded_at)),
    )


def amendment_columns(cur: Currency) -> tuple[Column, ...]:
    return (
        Column("number", N_("No.")),
        Column("state_label", N_("State")),
        Column("object", N_("Object"), stretch=True),
        Column("effect_date", N_("Effect"), text=lambda r: day(r.effect_date)),
        Column("end_date", N_("New end"), text=lambda r: day(r.end_date)),
        Column("amount", N_("Added amount"), text=_m(cur, "amount"), kind="money"),
        Column("signature_date", N_("Signed on"), text=lambda r: day(r.signature_date)),
    )


def attachment_columns() -> tuple[Column, ...]:
    return (
        Column("title", N_("Title"), stretch=True),
        Column("filename", N_("File")),
        Column("size_label", N_("Size"), text=lambda r: plain(r.size_label), kind="integer"),
        Column("added_at", N_("Added on"), text=lambda r: moment(r.added_at)),
        Column("added_by", N_("Added by")),
    )


def incident_columns() -> tuple[Column, ...]:
    return (
        Column("occurred_on", N_("Date"), text=lambda r: day(r.occurred_on)),
        Column("kind_label", N_("Kind")),
        Column("description", N_("Description"), stretch=True),
        Column("action_taken", N_("Action taken")),
        Column("recorded_by", N_("Entered by")),
    )


def history_columns() -> tuple[Column, ...]:
    return (
        Column("at", N_("Date"), text=lambda r: moment(r.at)),
        Column("from_label", N_("From"), text=lambda r: r.from_label if r.from_state else ""),
        Column("to_label", N_("To")),
        Column("reason", N_("Reason"), stretch=True),
        Column("user_name", N_("By"), text=lambda r: _("automatic") if r.automatic else r.user_name),
    )


def signatory_columns() -> tuple[Column, ...]:
    """Signatories (``SignatoryInput`` typed, or ``SignatoryRow`` of a signed contract)."""
    return (
        Column("side", N_("Contracting party"), text=lambda r: SIDES.get(r.side, r.side)),
        Column("name", N_("Signatory"), stretch=True),
        Column("capacity", N_("Capacity")),
    )
