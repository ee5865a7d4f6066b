"""The file of a signed OP contract (or avenant): its state and figures at the top, then the tabs — Général (what
was signed), Échéancier (paid, late, « Encaisser » F8), Obligations, Indicateurs, Avenants, Pièces jointes,
Incidents, Historique — and the manager's moves by state (Suspendre, Reprendre, Résilier, with a reason),
and the prints (contract Ctrl+P, échéancier, quarterly report).

``open_document(parent, ctx, contract_id)`` opens what fits: a draft in its form, a signed one in this sheet.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from centre_app.domain.op_contracts import DISPUTE_FORUMS
from centre_app.domain.permissions import Action
from centre_app.services import op_contract_queries as queries
from centre_app.services.op_contract_rows import ContractDoc
from centre_app.views import op_contract_actions as actions
from centre_app.views.cash_models import money, table_view
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _
from centre_app.views.op_contract_models import day, signatory_columns
from centre_app.views.op_contract_tabs import (
    AmendmentsTab,
    AttachmentsPanel,
    DocTab,
    HistoryTab,
    IncidentsTab,
    IndicatorsTab,
    ObligationsTab,
    ScheduleTab,
)
from centre_app.views.op_followup_dialogs import ReasonDialog
from centre_app.views.rows_model import RowsModel

STATE_STYLE = {"en_retard": "#b00020", "suspendu": "#8a5a00", "resilie": "#777777", "echu": "#8a5a00"}


def open_document(parent: QWidget | None, ctx: ViewContext, contract_id: int) -> None:
    """A draft opens in its form (contract or avenant), a signed document in its sheet."""
    doc = ctx.read(lambda s: queries.get_contract(s, contract_id))
    if doc.state == "brouillon":
        if doc.parent_id is not None:
            from centre_app.views.op_amendment_dialog import AmendmentDialog

            AmendmentDialog.edit(parent, ctx, contract_id)
        else:
            from centre_app.views.op_contract_dialog import OpContractDialog

            OpContractDialog.edit(parent, ctx, contract_id)
        return
    OpContractSheet.show_contract(parent, ctx, contract_id)


class GeneralTab(QWidget):
    """What was signed, read-only: the terms in two columns and the signatories."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        centre = ctx.settings()
        self.cur = (centre.currency, centre.locale)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(14)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 1)
        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        fields = (
            ("op", _("Producer organisation")), ("service", _("Type of service")), ("object", _("Object")),
            ("dates", _("Duration")), ("amount", _("Contract amount")), ("advance", _("Advance")),
            ("terms", _("Payment terms")), ("guarantees", _("Guarantees")), ("notice", _("Notice")),
            ("forum", _("Disputes")), ("place", _("Signed at")), ("signed", _("Signed")), ("note", _("Note")),
            ("reason", _("Reason of the state")),
        )  # fmt: skip
        wide = {"object", "terms", "guarantees", "note", "reason", "dates"}
        row = column = 0
        for key, caption in fields:
            value = QLabel(self)
            value.setObjectName(f"general_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label = QLabel(caption, self)
            label.setStyleSheet("color: #555555;")
            if key in wide and column:
                row, column = row + 1, 0
            self.grid.addWidget(label, row, column * 2, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
            self.grid.addWidget(value, row, column * 2 + 1, 1, 3 if key in wide else 1)
            self.values[key] = value
            self.captions[key] = label
            row, column = (row + 1, 0) if key in wide or column else (row, 1)
        self.signatories = RowsModel(signatory_columns(), self)
        self.signatories_table = table_view(self, self.signatories, "signatories_table", stretch=1)
        self.signatories_table.setMaximumHeight(120)
        layout = QVBoxLayout(self)
        layout.addLayout(self.grid)
        layout.addWidget(QLabel(f"<b>{_('Signatories')}</b>", self))
        layout.addWidget(self.signatories_table)
        layout.addStretch(1)

    def show_doc(self, doc: ContractDoc) -> None:
        r, m = doc.row, lambda v: money(v, self.cur)
        renewal = _(", tacit renewal") if r.tacit_renewal else ""
        reason = doc.status_reason
        if doc.terminated_on is not None:
            reason = _("terminated on {day}: {reason}").format(day=day(doc.terminated_on), reason=reason)
        text = {
            "op": r.op_name, "service": r.service_label, "object": r.object,
            "dates": _("from {start} to {end}{renewal}").format(start=day(r.effect_date), end=day(r.end_date),
                                                                 renewal=renewal),
            "notice": _("{n} days").format(n=doc.notice_days), "amount": m(doc.own_amount), "advance": m(doc.advance),
            "terms": doc.payment_terms, "guarantees": doc.guarantees,
            "forum": f"{DISPUTE_FORUMS.get(doc.dispute_forum, doc.dispute_forum)} — {doc.court}".strip(" —"),
            "place": _("{place}, {copies} original copies").format(place=doc.place, copies=doc.copies),
            "signed": _("on {day} by {who}").format(day=day(r.signature_date), who=doc.signed_by)
            if r.signature_date else "",
            "note": doc.note, "reason": reason,
        }  # fmt: skip
        for key, value in text.items():
            self.values[key].setText(value)
        self.captions["amount"].setText(_("Added amount") if doc.parent_id else _("Contract amount"))
        self.signatories.set_rows(doc.signatories)


class OpContractSheet(QDialog):
    def __init__(self, ctx: ViewContext, contract_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contract_id = contract_id
        self.doc: ContractDoc | None = None
        centre = ctx.settings()
        self.cur = (centre.currency, centre.locale)
        self.resize(1240, 700)
        self.title = QLabel(self)
        self.title.setObjectName("sheet_title")
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold; color: #1b3d1f;")
        self.figures = QLabel(self)
        self.figures.setObjectName("sheet_figures")
        self.figures.setWordWrap(True)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.general = GeneralTab(ctx, self)
        self.schedule, self.obligations = ScheduleTab(ctx, self), ObligationsTab(ctx, self)
        self.indicators, self.amendments = IndicatorsTab(ctx, self), AmendmentsTab(ctx, self)
        self.attachments, self.incidents = AttachmentsPanel(ctx, self), IncidentsTab(ctx, self)
        self.history = HistoryTab(ctx, self)
        self.parts: list[DocTab] = [self.schedule, self.obligations, self.indicators, self.amendments,
                                    self.attachments, self.incidents, self.history]  # fmt: skip
        pages = (
            (self.general, _("General")), (self.schedule, _("Schedule")), (self.obligations, _("Obligations")),
            (self.indicators, _("Indicators")), (self.amendments, _("Avenants")), (self.attachments, _("Attachments")),
            (self.incidents, _("Incidents")), (self.history, _("History")),
        )  # fmt: skip
        for n, (page, title) in enumerate(pages, start=1):
            self.tabs.addTab(page, _("{title} (Ctrl+{n})").format(title=title, n=n))
            self._key(f"Ctrl+{n}", lambda i=n - 1: self.show_tab(i))
        for part in self.parts:
            part.reload = self.reload
        self.amendments.on_new = self.new_amendment
        self.amendments.on_open = self.open_amendment
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        self.buttons.rejected.connect(self.reject)
        manage = Action.MANAGE_CONTRACTS_AND_PRICES
        self.suspend_button = self._button(_("Suspend…"), "suspend", self.suspend, manage)
        self.resume_button = self._button(_("Resume…"), "resume", self.resume, manage)
        self.terminate_button = self._button(_("Terminate…"), "terminate", self.terminate, manage)
        self.print_button = self._button(_("Print the contract (Ctrl+P)"), "print_contract", self.print_contract)
        self.schedule_button = self._button(_("Print the schedule"), "print_schedule", self.schedule.print_schedule)
        self.report_button = self._button(_("Quarterly report…"), "print_followup", self.indicators.print_followup)
        self._key("Ctrl+P", self.print_contract)
        self._key("F8", self._cash)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.figures)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)
        self.reload()

    def _key(self, keys: str, slot: object) -> None:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    def _button(self, text: str, name: str, slot: object, action: Action | None = None) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())  # type: ignore[operator]
        button.setProperty("needs", action)
        self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        return button

    def show_tab(self, index: int) -> None:
        if self.tabs.isTabVisible(index):
            self.tabs.setCurrentIndex(index)
            self.tabs.widget(index).setFocus(Qt.FocusReason.OtherFocusReason)

    # -- showing --------------------------------------------------------------------------------------
    def reload(self) -> None:
        cid = self.contract_id
        self.show_doc(self.ctx.read(lambda s: queries.get_contract(s, cid)))

    def show_doc(self, doc: ContractDoc) -> None:
        self.doc = doc
        r, m = doc.row, lambda v: money(v, self.cur)
        what = _("Avenant {number} to contract {parent}").format(number=doc.number, parent=doc.parent_number) \
            if doc.parent_id else _("Contract {number}").format(number=doc.number)  # fmt: skip
        self.setWindowTitle(what)
        colour = STATE_STYLE.get(doc.state, "#1b3d1f")
        self.title.setText(f"{what} — {r.op_name} — <span style='color:{colour}'>{doc.state_label}</span>")
        figures = _("{service} — from {start} to {end} — planned {planned}, paid {paid}, remaining {remaining}").format(
            service=r.service_label, start=day(r.effect_date), end=day(r.end_date), planned=m(r.planned_amount),
            paid=m(r.paid), remaining=m(r.remaining))  # fmt: skip
        if r.late_amount:
            figures += " — " + _("<span style='color:#b00020'>late {late}</span>").format(late=m(r.late_amount))
        if r.obligations_late:
            figures += " — " + _("<span style='color:#b00020'>{n} obligation(s) late</span>").format(
                n=r.obligations_late)  # fmt: skip
        if r.amendments:
            figures += " — " + _("{n} avenant(s) signed").format(n=r.amendments)
        self.figures.setText(figures)
        self.general.show_doc(doc)
        for part in self.parts:
            part.show_doc(doc)
        is_contract = doc.parent_id is None
        self.tabs.setTabVisible(self.tabs.indexOf(self.amendments), is_contract)
        self._allow(self.suspend_button, "suspend" in doc.actions)
        self._allow(self.resume_button, "resume" in doc.actions)
        self._allow(self.terminate_button, "terminate" in doc.actions)
        for button in (self.suspend_button, self.resume_button, self.terminate_button):
            button.setVisible(is_contract)

    def _allow(self, button: QPushButton, open_in_state: bool) -> None:
        action = button.property("needs")
        can = action is None or self.ctx.can(action)
        button.setEnabled(open_in_state and can)
        button.setToolTip("" if can else self.ctx.why_not(action))

    # -- actions ----------------------------------------------------------------------------------------
    def _done(self, result: object) -> None:
        if result is not None:
            self.reload()

    def suspend(self) -> None:
        if self.doc is not None and self.suspend_button.isEnabled():
            self._done(ReasonDialog.suspend(self, self.ctx, self.doc))

    def resume(self) -> None:
        if self.doc is not None and self.resume_button.isEnabled():
            self._done(ReasonDialog.resume(self, self.ctx, self.doc))

    def terminate(self) -> None:
        if self.doc is not None and self.terminate_button.isEnabled():
            self._done(ReasonDialog.terminate(self, self.ctx, self.doc))

    def print_contract(self) -> None:
        if self.doc is not None:
            actions.print_contract(self, self.ctx, self.doc.id, self.doc.number)

    def _cash(self) -> None:
        self.show_tab(self.tabs.indexOf(self.schedule))
        self.schedule.cash()

    def new_amendment(self) -> None:
        from centre_app.views.op_amendment_dialog import AmendmentDialog

        if self.doc is not None:
            self._done(AmendmentDialog.create(self, self.ctx, self.doc.id))

    def open_amendment(self, amendment_id: int) -> None:
        open_document(self, self.ctx, amendment_id)
        self.reload()

    @classmethod
    def show_contract(cls, parent: QWidget | None, ctx: ViewContext, contract_id: int) -> None:
        cls(ctx, contract_id, parent).exec()


__all__ = ["OpContractSheet", "open_document"]
