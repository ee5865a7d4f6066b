"""The small forms of an OP contract's life: a manager's move with its reason (suspend, resume, terminate,
reopen an obligation), an obligation marked done or given a note, a quarterly measure of an indicator, an
incident of the log. Each calls one service; a refusal stays in the form, in French, with what was typed.

Entry points return the service's result or None: ``ReasonDialog.suspend(parent, ctx, doc)``, ``.resume``,
``.terminate``, ``.reopen(parent, ctx, obligation)``; ``ObligationDoneDialog.mark_done(parent, ctx,
obligation)``; ``NoteDialog.add_note(...)``; ``MeasureDialog.record(parent, ctx, indicator, effect_date)``;
``IncidentDialog.record(parent, ctx, doc)``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QPlainTextEdit, QWidget

from centre_app.domain.errors import DomainError, message
from centre_app.domain.op_contracts import INCIDENT_KINDS, quarter_label, quarter_of
from centre_app.services import op_contract_follow as follow
from centre_app.services import op_contracts
from centre_app.services.op_contract_rows import ContractDoc, IndicatorRow, ObligationRow
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _
from centre_app.views.op_contract_models import number, quantity_error
from centre_app.views.widgets.date_edit import DateEdit
from centre_app.views.widgets.form_helpers import FormDialog

AREAS = {"op_contracts"}
HINT_STYLE = "color: #555555;"


class FollowDialog(FormDialog):
    """A form whose OK runs one service call (``self.call``); the result is kept in ``self.outcome``."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None, title: str, ok_text: str) -> None:
        super().__init__(parent, title, ok_text=ok_text)
        self.ctx = ctx
        self.outcome: Any = None
        self.fields_by_code: dict[str, QWidget] = {}
        self.setMinimumWidth(520)

    def hint(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setStyleSheet(HINT_STYLE)
        self.form.addRow(label)
        return label

    def call(self, session: Any) -> Any:
        raise NotImplementedError

    def pre_check(self) -> bool:
        return True

    def accept(self) -> None:
        self.clear_errors()
        if not self.pre_check():
            return
        try:
            self.outcome = self.ctx.workspace.run(self.call)
        except DomainError as err:
            widget = self.fields_by_code.get(err.code)
            if widget is not None:
                self.show_field_error(widget, message(err))
            else:
                self.show_error(message(err))
            return
        self.ctx.changed.emit(set(AREAS))
        super().accept()

    def run(self) -> Any:
        return self.outcome if self.exec() == QDialog.DialogCode.Accepted else None


class ReasonDialog(FollowDialog):
    """A manager's move with its reason; ``dated`` adds the date of effect (a termination)."""

    def __init__(
        self, ctx: ViewContext, parent: QWidget | None, title: str, ok_text: str, what: str,
        fn: Callable[[Any, str, date], Any], *, required: bool = True, dated: bool = False, note: str = "",
    ) -> None:  # fmt: skip
        super().__init__(ctx, parent, title, ok_text)
        self.fn = fn
        self.form.addRow(_("Concerns"), QLabel(what, self))
        self.day = DateEdit(self, maximum=date.today())
        if dated:
            self.add_field(_("Date"), self.day, name="day", required=True)
        self.reason = self.add_field(_("Reason"), QLineEdit(self), name="reason", required=required)
        self.reason.setMaxLength(500)
        self.fields_by_code = {
            "op_contract.reason_required": self.reason, "op_contract.termination_in_future": self.day,
            "op_contract.termination_before_signature": self.day,
        }  # fmt: skip
        if note:
            self.hint(note)
        (self.day if dated else self.reason).setFocus()

    def call(self, session: Any) -> Any:
        return self.fn(session, self.reason.text(), self.day.value())

    @classmethod
    def suspend(cls, parent: QWidget | None, ctx: ViewContext, doc: ContractDoc) -> ContractDoc | None:
        return cls(ctx, parent, _("Suspend contract {number}").format(number=doc.number), _("Suspend"),
                   f"{doc.number} — {doc.row.op_name}",
                   lambda s, why, _d: op_contracts.suspend_contract(s, doc.id, why),
                   note=_("The contract stops running until a manager resumes it. The reason is kept in its "
                          "history.")).run()  # fmt: skip

    @classmethod
    def resume(cls, parent: QWidget | None, ctx: ViewContext, doc: ContractDoc) -> ContractDoc | None:
        return cls(ctx, parent, _("Resume contract {number}").format(number=doc.number), _("Resume"),
                   f"{doc.number} — {doc.row.op_name}", lambda s, why, _d: op_contracts.resume_contract(s, doc.id, why),
                   required=False).run()  # fmt: skip

    @classmethod
    def terminate(cls, parent: QWidget | None, ctx: ViewContext, doc: ContractDoc) -> ContractDoc | None:
        return cls(ctx, parent, _("Terminate contract {number}").format(number=doc.number), _("Terminate"),
                   f"{doc.number} — {doc.row.op_name}",
                   lambda s, why, day: op_contracts.terminate_contract(s, doc.id, why, terminated_on=day), dated=True,
                   note=_("Instalments falling after this date and not paid at all are cancelled; what fell due "
                          "before stays owed. A termination cannot be undone.")).run()  # fmt: skip

    @classmethod
    def reopen(cls, parent: QWidget | None, ctx: ViewContext, o: ObligationRow) -> ContractDoc | None:
        return cls(ctx, parent, _("Reopen an obligation"), _("Reopen"), o.deliverable,
                   lambda s, why, _d: follow.reopen_obligation(s, o.id, why),
                   note=_("The obligation goes back to « to do »; the reason is kept in its notes.")).run()  # fmt: skip


class ObligationDoneDialog(FollowDialog):
    def __init__(self, ctx: ViewContext, o: ObligationRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, _("Obligation done"), _("Mark as done"))
        self.obligation = o
        self.form.addRow(_("Obligation"), QLabel(f"{o.side_label} — {o.deliverable}", self))
        self.done_on = self.add_field(_("Done on"), DateEdit(self, maximum=date.today()), name="done_on",
                                      required=True)  # fmt: skip
        self.note = self.add_field(_("Note"), QLineEdit(self), name="note")
        self.note.setPlaceholderText(_("Delivered, checked by…"))
        self.fields_by_code = {"op_obligation.done_in_future": self.done_on}
        self.done_on.setFocus()

    def call(self, session: Any) -> ContractDoc:
        return follow.set_obligation_done(session, self.obligation.id, done_on=self.done_on.value(),
                                          note=self.note.text())  # fmt: skip

    @classmethod
    def mark_done(cls, parent: QWidget | None, ctx: ViewContext, o: ObligationRow) -> ContractDoc | None:
        return cls(ctx, o, parent).run()


class NoteDialog(FollowDialog):
    def __init__(self, ctx: ViewContext, o: ObligationRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, _("Note on an obligation"), _("Add the note"))
        self.obligation = o
        self.form.addRow(_("Obligation"), QLabel(f"{o.side_label} — {o.deliverable}", self))
        if o.notes:
            previous = QLabel(o.notes, self)
            previous.setWordWrap(True)
            previous.setStyleSheet(HINT_STYLE)
            self.form.addRow(_("Notes so far"), previous)
        self.note = self.add_field(_("Note"), QLineEdit(self), name="note", required=True)
        self.fields_by_code = {"field.required": self.note, "field.too_long": self.note}
        self.note.setFocus()

    def call(self, session: Any) -> ContractDoc:
        return follow.add_obligation_note(session, self.obligation.id, self.note.text())

    @classmethod
    def add_note(cls, parent: QWidget | None, ctx: ViewContext, o: ObligationRow) -> ContractDoc | None:
        return cls(ctx, o, parent).run()


def quarters_between(effect: date, today: date) -> list[tuple[int, int]]:
    """Quarters from the contract's first one to the current one, the current first (what may be measured)."""
    out: list[tuple[int, int]] = []
    year, quarter = quarter_of(today)
    first = quarter_of(effect)
    while (year, quarter) >= first and len(out) < 40:
        out.append((year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return out or [quarter_of(today)]


class MeasureDialog(FollowDialog):
    """The value measured for an indicator over a quarter (a new value for a quarter corrects it)."""

    def __init__(self, ctx: ViewContext, i: IndicatorRow, effect: date, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, _("Quarterly measure"), _("Record the measure"))
        self.indicator = i
        target = f"{number(i.target)} {i.unit}".strip()
        self.form.addRow(_("Indicator"), QLabel(_("{name} (target {target})").format(name=i.name, target=target), self))
        self.quarter = self.add_field(_("Quarter"), QComboBox(self), name="quarter", required=True)
        for year, quarter in quarters_between(effect, date.today()):
            self.quarter.addItem(quarter_label(year, quarter), (year, quarter))
        self.value = self.add_field(_("Value measured"), QLineEdit(self), name="value", required=True)
        self.value.setPlaceholderText(i.unit)
        self.note = self.add_field(_("Note"), QLineEdit(self), name="note")
        self.value.textEdited.connect(lambda text: self.field_error_label(self.value).setText(quantity_error(text)))
        self.fields_by_code = {
            "op_indicator.future_quarter": self.quarter, "op_indicator.before_contract": self.quarter,
            "quantity.invalid": self.value,
        }  # fmt: skip
        if i.measures:
            last = i.measures[-1]
            self.hint(
                _("Last measure: {quarter}, {value}").format(
                    quarter=last.label, value=f"{number(last.value)} {i.unit}".strip()
                )
            )
        self.value.setFocus()

    def pre_check(self) -> bool:
        reason = quantity_error(self.value.text()) or ("" if self.value.text().strip() else _("Type the value."))
        if reason:
            self.show_field_error(self.value, reason)
            return False
        return True

    def call(self, session: Any) -> IndicatorRow:
        year, quarter = self.quarter.currentData()
        return follow.record_measure(session, self.indicator.id, year, quarter, self.value.text(), self.note.text())

    @classmethod
    def record(cls, parent: QWidget | None, ctx: ViewContext, i: IndicatorRow, effect: date) -> IndicatorRow | None:
        return cls(ctx, i, effect, parent).run()


class IncidentDialog(FollowDialog):
    """An entry of the incidents log (append-only): date, kind, what happened, what was done."""

    def __init__(self, ctx: ViewContext, doc: ContractDoc, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, _("Incident on contract {number}").format(number=doc.number), _("Record"))
        self.doc = doc
        self.setMinimumWidth(600)
        self.occurred_on = self.add_field(_("Date"), DateEdit(self, maximum=date.today()), name="occurred_on",
                                          required=True)  # fmt: skip
        self.kind = self.add_field(_("Kind"), QComboBox(self), name="kind", required=True)
        for key, label in INCIDENT_KINDS.items():
            self.kind.addItem(label, key)
        self.description = self.add_field(_("What happened"), QPlainTextEdit(self), name="description",
                                          required=True)  # fmt: skip
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(90)
        self.action_taken = self.add_field(_("Action taken"), QLineEdit(self), name="action_taken")
        self.fields_by_code = {"op_incident.in_future": self.occurred_on, "field.required": self.description,
                               "field.too_long": self.description}  # fmt: skip
        self.hint(_("The log keeps every entry: a correction is a new entry."))
        self.occurred_on.setFocus()

    def call(self, session: Any) -> ContractDoc:
        return follow.record_incident(
            session, self.doc.id, occurred_on=self.occurred_on.value(), kind=self.kind.currentData(),
            description=self.description.toPlainText(), action_taken=self.action_taken.text(),
        )  # fmt: skip

    @classmethod
    def record(cls, parent: QWidget | None, ctx: ViewContext, doc: ContractDoc) -> ContractDoc | None:
        return cls(ctx, doc, parent).run()
