"""The follow-up tabs of a signed OP contract (and the attachments panel drafts have too): échéancier with
paid and late and « Encaisser », obligations (done, notes, reopen), indicators with their quarterly measures,
avenants, attachments, incidents, history. Each tab shows a ``ContractDoc`` (``show_doc``) and calls
``reload()`` after an action so that the whole sheet shows the new state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget

from centre_app.domain.permissions import Action
from centre_app.services.op_contract_rows import ContractDoc
from centre_app.views import op_contract_actions as actions
from centre_app.views.cash_models import money, table_view
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _
from centre_app.views.list_page import Column
from centre_app.views.op_contract_models import (
    amendment_columns,
    attachment_columns,
    day,
    history_columns,
    incident_columns,
    indicator_columns,
    measure_columns,
    obligation_columns,
    schedule_columns,
)
from centre_app.views.op_followup_dialogs import (
    IncidentDialog,
    MeasureDialog,
    NoteDialog,
    ObligationDoneDialog,
    ReasonDialog,
)
from centre_app.views.rows_model import RowsModel

DETAIL_STYLE = "color: #333333; background: #f6f8f6; padding: 4px;"


class DocTab(QWidget):
    """A table of one part of the contract, its buttons below, an optional detail line for the selection."""

    def __init__(self, ctx: ViewContext, name: str, columns: tuple[Column, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(name)
        self.doc: ContractDoc | None = None
        self.reload: Callable[[], None] = lambda: None
        centre = ctx.settings()
        self.cur = (centre.currency, centre.locale)
        self.model = RowsModel(columns, self)
        self.table = self.make_table(self.model, f"{name}_table", columns)
        self.summary = QLabel(self)
        self.summary.setObjectName(f"{name}_summary")
        self.summary.setWordWrap(True)
        self.summary.hide()
        self.detail = QLabel(self)
        self.detail.setObjectName(f"{name}_detail")
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet(DETAIL_STYLE)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.hide()
        self.button_row = QHBoxLayout()
        self.button_row.addStretch(1)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.summary)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(self.detail)
        self.layout_.addLayout(self.button_row)
        self.setFocusProxy(self.table)
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self.selection_changed())
        self.table.doubleClicked.connect(lambda _i: self.activated())

    def make_table(self, model: RowsModel, name: str, columns: tuple[Column, ...]) -> QTableView:
        table = table_view(self, model, name)
        for i, col in enumerate(columns):
            if col.stretch:
                table.horizontalHeader().setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        return table

    def button(self, text: str, name: str, slot: Callable[[], Any], action: Action | None = None) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        button.setProperty("action", action)
        self.button_row.insertWidget(self.button_row.count() - 1, button)
        return button

    def allow(self, button: QPushButton, open_in_state: bool, action: Action | None = None) -> None:
        """Enabled when the state allows it and the role may; the role's refusal as tooltip otherwise."""
        can = action is None or self.ctx.can(action)
        button.setEnabled(open_in_state and can)
        button.setToolTip("" if can else self.ctx.why_not(action))  # type: ignore[arg-type]

    def show_doc(self, doc: ContractDoc) -> None:
        self.doc = doc
        current = self.table.currentIndex().row()
        self.model.set_rows(self.rows_of(doc))
        if self.model.rowCount():
            self.table.selectRow(min(max(current, 0), self.model.rowCount() - 1))
        self.refresh_buttons()
        self.selection_changed()

    def rows_of(self, doc: ContractDoc) -> tuple[Any, ...]:
        raise NotImplementedError

    def set_summary(self, text: str) -> None:
        self.summary.setText(text)
        self.summary.setVisible(bool(text))

    def refresh_buttons(self) -> None:
        pass

    def selection_changed(self) -> None:
        pass

    def activated(self) -> None:
        pass

    def current(self) -> Any | None:
        return self.model.row_at(self.table.currentIndex().row())

    def following(self) -> bool:
        return self.doc is not None and "follow" in self.doc.actions

    def done(self, result: Any) -> None:
        if result is not None:
            self.reload()


class ScheduleTab(DocTab):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "schedule", schedule_columns(_cur(ctx)), parent)
        self.cash_button = self.button(_("Cash this instalment (F8)"), "cash_line", self.cash, Action.EDIT_DOCUMENTS)
        self.button(_("Print the schedule"), "print_schedule", self.print_schedule)

    def rows_of(self, doc: ContractDoc) -> tuple[Any, ...]:
        return doc.schedule

    def show_doc(self, doc: ContractDoc) -> None:
        super().show_doc(doc)
        m = lambda v: money(v, self.cur)  # noqa: E731
        late = sum(x.remaining for x in doc.schedule if x.state == "en_retard")
        text = _("Planned {planned} — paid {paid} — remaining {remaining}").format(
            planned=m(doc.row.planned_amount), paid=m(doc.row.paid), remaining=m(doc.row.remaining)
        )
        if late:
            text += " — " + _("<span style='color:#b00020'>late {late}</span>").format(late=m(late))
        self.set_summary(text)

    def refresh_buttons(self) -> None:
        assert self.doc is not None
        owing = any(x.due_id and x.remaining > 0 and x.state != "annulee" for x in self.doc.schedule)
        self.allow(self.cash_button, owing, Action.EDIT_DOCUMENTS)

    def cash(self) -> None:
        if self.doc is not None and self.cash_button.isEnabled() and actions.cash_line(self, self.ctx, self.doc,
                                                                                       self.current()):  # fmt: skip
            self.reload()

    def activated(self) -> None:
        self.cash()

    def print_schedule(self) -> None:
        if self.doc is not None:
            actions.print_schedule(self, self.ctx, self.doc.id, self.doc.number)


class ObligationsTab(DocTab):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "obligations", obligation_columns(), parent)
        self.done_button = self.button(_("Mark as done"), "obligation_done", self.mark_done, Action.EDIT_DOCUMENTS)
        self.note_button = self.button(_("Add a note"), "obligation_note", self.add_note, Action.EDIT_DOCUMENTS)
        self.reopen_button = self.button(_("Reopen…"), "obligation_reopen", self.reopen,
                                         Action.MANAGE_CONTRACTS_AND_PRICES)  # fmt: skip

    def rows_of(self, doc: ContractDoc) -> tuple[Any, ...]:
        return doc.obligations

    def show_doc(self, doc: ContractDoc) -> None:
        super().show_doc(doc)
        late = sum(1 for o in doc.obligations if o.state == "en_retard")
        done = sum(1 for o in doc.obligations if o.state == "fait")
        self.set_summary(_("{n} obligations: {done} done, {late} late").format(
            n=len(doc.obligations), done=done, late=late))  # fmt: skip

    def selection_changed(self) -> None:
        o = self.current()
        following = self.following()
        self.allow(self.done_button, following and o is not None and o.state != "fait", Action.EDIT_DOCUMENTS)
        self.allow(self.note_button, following and o is not None, Action.EDIT_DOCUMENTS)
        self.allow(self.reopen_button, following and o is not None and o.state == "fait",
                   Action.MANAGE_CONTRACTS_AND_PRICES)  # fmt: skip
        self.detail.setVisible(bool(o is not None and o.notes))
        self.detail.setText(o.notes if o is not None else "")

    def activated(self) -> None:
        if self.done_button.isEnabled():
            self.mark_done()

    def mark_done(self) -> None:
        o = self.current()
        if o is not None:
            self.done(ObligationDoneDialog.mark_done(self, self.ctx, o))

    def add_note(self) -> None:
        o = self.current()
        if o is not None:
            self.done(NoteDialog.add_note(self, self.ctx, o))

    def reopen(self) -> None:
        o = self.current()
        if o is not None:
            self.done(ReasonDialog.reopen(self, self.ctx, o))


class IndicatorsTab(DocTab):
    """The indicators and, below, the quarterly measures of the one selected."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "indicators", indicator_columns(), parent)
        self.measures = RowsModel(measure_columns(), self)
        self.measures_table = self.make_table(self.measures, "measures_table", measure_columns())
        split = QSplitter(Qt.Orientation.Vertical, self)
        self.layout_.replaceWidget(self.table, split)
        split.addWidget(self.table)
        box = QWidget(split)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.measures_caption = QLabel(box)
        column.addWidget(self.measures_caption)
        column.addWidget(self.measures_table, 1)
        split.addWidget(box)
        self.layout_.setStretchFactor(split, 1)
        self.measure_button = self.button(_("Record a quarterly measure"), "record_measure", self.record,
                                          Action.EDIT_DOCUMENTS)  # fmt: skip
        self.button(_("Quarterly report…"), "print_followup", self.print_followup)

    def rows_of(self, doc: ContractDoc) -> tuple[Any, ...]:
        return doc.indicators

    def selection_changed(self) -> None:
        i = self.current()
        self.measures.set_rows(i.measures if i is not None else ())
        self.measures_caption.setText(_("Measures of « {name} »").format(name=i.name) if i is not None else "")
        self.allow(self.measure_button, self.following() and i is not None, Action.EDIT_DOCUMENTS)

    def activated(self) -> None:
        if self.measure_button.isEnabled():
            self.record()

    def record(self) -> None:
        i = self.current()
        if i is not None and self.doc is not None:
            self.done(MeasureDialog.record(self, self.ctx, i, self.doc.row.effect_date))

    def print_followup(self) -> None:
        if self.doc is not None:
            target = self.doc.parent_id or self.doc.id
            actions.print_followup(self, self.ctx, target, self.doc.parent_number or self.doc.number,
                                   self.doc.row.effect_date)  # fmt: skip


class AmendmentsTab(DocTab):
    """The avenants of a contract; ``on_new()`` and ``on_open(id)`` are the sheet's."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "amendments", amendment_columns(_cur(ctx)), parent)
        self.on_new: Callable[[], None] = lambda: None
        self.on_open: Callable[[int], None] = lambda _id: None
        self.new_button = self.button(_("New avenant"), "new_amendment", self._new, Action.EDIT_DOCUMENTS)
        self.open_button = self.button(_("Open"), "open_amendment", self.activated)

    def rows_of(self, doc: ContractDoc) -> tuple[Any, ...]:
        return doc.amendments

    def _new(self) -> None:
        self.on_new()

    def refresh_buttons(self) -> None:
        assert self.doc is not None
        self.allow(self.new_button, "amend" in self.doc.actions, Action.EDIT_DOCUMENTS)
        self.open_button.setEnabled(bool(self.doc.amendments))

    def activated(self) -> None:
        a = self.current()
        if a is not None:
            self.on_open(a.id)


class AttachmentsPanel(DocTab):
    """Scanned PDFs of a contract or avenant: add, open, save a copy; a draft's may be removed."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "attachments", attachment_columns(), parent)
        self.add_button = self.button(_("Add a PDF…"), "add_attachment", self.add, Action.EDIT_DOCUMENTS)
        self.open_button = self.button(_("Open"), "open_attachment", self.activated)
        self.save_button = self.button(_("Save a copy…"), "save_attachment", self.save)
        self.remove_button = self.button(_("Remove"), "remove_attachment", self.remove, Action.EDIT_DOCUMENTS)
        self.set_summary(_("Scanned PDF documents, 8 MB at most each, kept in the database (and its backups)."))

    def rows_of(self, doc: ContractDoc) -> tuple[Any, ...]:
        return doc.attachments

    def selection_changed(self) -> None:
        chosen = self.current() is not None
        self.open_button.setEnabled(chosen)
        self.save_button.setEnabled(chosen)
        self.allow(self.remove_button, chosen and self.doc is not None and not self.doc.hash, Action.EDIT_DOCUMENTS)
        self.allow(self.add_button, self.doc is not None, Action.EDIT_DOCUMENTS)

    def activated(self) -> None:
        row = self.current()
        if row is not None:
            actions.open_attachment(self, self.ctx, row)

    def add(self) -> None:
        if self.doc is not None:
            self.done(actions.add_attachment(self, self.ctx, self.doc.id))

    def save(self) -> None:
        row = self.current()
        if row is not None:
            actions.save_attachment(self, self.ctx, row)

    def remove(self) -> None:
        row = self.current()
        if row is not None and actions.remove_attachment(self, self.ctx, row):
            self.reload()


class IncidentsTab(DocTab):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "incidents", incident_columns(), parent)
        self.new_button = self.button(_("New incident"), "new_incident", self.record, Action.EDIT_DOCUMENTS)

    def rows_of(self, doc: ContractDoc) -> tuple[Any, ...]:
        return doc.incidents

    def refresh_buttons(self) -> None:
        assert self.doc is not None
        self.allow(self.new_button, bool(self.doc.hash), Action.EDIT_DOCUMENTS)

    def selection_changed(self) -> None:
        i = self.current()
        self.detail.setVisible(i is not None)
        if i is not None:
            text = i.description + (f"\n→ {i.action_taken}" if i.action_taken else "")
            self.detail.setText(text)

    def record(self) -> None:
        if self.doc is not None:
            self.done(IncidentDialog.record(self, self.ctx, self.doc))


class HistoryTab(DocTab):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "history", history_columns(), parent)

    def rows_of(self, doc: ContractDoc) -> tuple[Any, ...]:
        return tuple(reversed(doc.history))

    def show_doc(self, doc: ContractDoc) -> None:
        super().show_doc(doc)
        self.set_summary(_("Created on {day} by {who}").format(
            day=day(doc.created_at), who=doc.created_by))  # fmt: skip


def _cur(ctx: ViewContext) -> tuple[str, str]:
    centre = ctx.settings()
    return centre.currency, centre.locale
