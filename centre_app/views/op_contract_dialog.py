"""Contrat avec une OP — the draft form: Général (the OP, type of service, object, dates, notice, tacit renewal,
amount, payment terms, advance, guarantees, disputes, place, copies, signatories with their capacity),
Échéancier (its total against the planned amount, live), Obligations, Indicateurs, Pièces jointes.

OK (Ctrl+Enter, Ctrl+S) saves the draft; « Signer » (a manager) saves and signs in one transaction: the
contract takes its number COP-2026-0001, its schedule becomes what the OP owes. A refusal (schedule total
different from the amount, a signatory missing…) keeps the dialog open with the French reason on its tab.

``OpContractDialog.create(parent, ctx, op_id=None)`` and ``.edit(parent, ctx, contract_id)`` return the
saved ``ContractDoc`` or None.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QInputDialog, QLineEdit, QMessageBox, QSpinBox, QWidget

from centre_app.domain.errors import DomainError, message
from centre_app.domain.op_contracts import DISPUTE_FORUMS, MAX_COPIES, MAX_NOTICE_DAYS, MIN_COPIES, SERVICE_TYPES
from centre_app.domain.permissions import Action
from centre_app.services import op_contract_drafts as drafts
from centre_app.services import op_contract_queries as queries
from centre_app.services import op_contracts
from centre_app.services.op_contract_drafts import (
    ContractDraft,
    IndicatorInput,
    ObligationInput,
    ScheduleInput,
    SignatoryInput,
)
from centre_app.services.op_contract_rows import ContractDoc
from centre_app.views import op_contract_actions as actions
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _
from centre_app.views.op_contract_form import TabbedForm
from centre_app.views.op_contract_models import decimal_text
from centre_app.views.op_contract_parts import (
    IndicatorsEditor,
    ObligationsEditor,
    ScheduleEditor,
    SignatoriesEditor,
)
from centre_app.views.op_contract_tabs import AttachmentsPanel
from centre_app.views.receipt_dialog import party_caption
from centre_app.views.stock_common import select_data
from centre_app.views.widgets.date_edit import DateEdit
from centre_app.views.widgets.money_edit import MoneyEdit
from centre_app.views.widgets.party_picker import PartyPicker

AREAS = {"op_contracts", "cash"}
# Which field shows a refusal (presentation only: the rules are the services').
REFUSAL_FIELDS = {
    "org.not_an_organisation": "op", "not_found": "op", "op_contract.op_inactive": "op",
    "op_contract.bad_type": "service_type", "op_contract.end_before_effect": "end_date",
    "op_contract.bad_notice": "notice", "op_contract.advance_above_amount": "advance",
    "op_contract.bad_copies": "copies", "op_contract.schedule_total": "schedule",
    "op_contract.signatory_missing": "signatories", "op_obligation.after_end": "obligations",
    "op_contract.signature_in_future": "signature_date", "money.not_positive": "schedule",
}  # fmt: skip
FIELD_NAMES = {"Objet": "object", "Livrable": "obligations", "Indicateur": "indicators", "Nom du signataire":
               "signatories", "Modalités de paiement": "payment_terms", "Garanties": "guarantees"}  # fmt: skip


class OpContractDialog(TabbedForm):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None, contract_id: int | None = None) -> None:
        title = _("New OP contract") if contract_id is None else _("OP contract — draft")
        super().__init__(ctx, parent, title, _("Save the draft"))
        self.contract_id = contract_id
        self.saved: ContractDoc | None = None
        self.resize(1220, 700)
        self.ok_button.setToolTip(_("Save the draft (Ctrl+S or Ctrl+Enter); it can be changed until it is signed"))
        today = date.today()
        f = self.field
        self.op = f(_("Producer organisation"), PartyPicker(ctx, self, role="op"), "op", 0, 0, required=True)
        self.op.setPlaceholderText(_("Name, code or village of the OP…"))
        self.service_type = f(_("Type of service"), QComboBox(self), "service_type", 0, 1, required=True)
        for key, label in SERVICE_TYPES.items():
            self.service_type.addItem(label, key)
        self.object = f(_("Object"), QLineEdit(self), "object", 1, 0, required=True, span=2)
        self.object.setMaxLength(1000)
        self.object.setPlaceholderText(_("What the centre does for the OP, as the contract will say it"))
        self.effect_date = f(_("Effect date"), DateEdit(self, value=today), "effect_date", 2, 0, required=True)
        self.end_date = f(_("End date"), DateEdit(self, value=today + timedelta(days=364)), "end_date", 2, 1,
                          required=True)  # fmt: skip
        self.notice = f(_("Notice (days)"), QSpinBox(self), "notice", 3, 0)
        self.notice.setRange(0, MAX_NOTICE_DAYS)
        self.notice.setValue(30)
        self.notice.setMaximumWidth(90)
        self.tacit = f(_("Renewal"), QCheckBox(_("tacit renewal for the same duration"), self), "tacit", 3, 1)
        self.amount = f(_("Planned amount"), MoneyEdit(self, currency=self.cur[0]), "amount", 4, 0, required=True)
        self.amount.setAllowZero(True)
        self.advance = f(_("Advance"), MoneyEdit(self, currency=self.cur[0]), "advance", 4, 1)
        self.advance.setAllowZero(True)
        self.payment_terms = f(_("Payment terms"), QLineEdit(self), "payment_terms", 5, 0, span=2)
        self.payment_terms.setPlaceholderText(_("In cash or mobile money at the centre's cash desk…"))
        self.guarantees = f(_("Guarantees"), QLineEdit(self), "guarantees", 6, 0, span=2)
        self.forum = f(_("Disputes"), QComboBox(self), "forum", 7, 0)
        for key, label in DISPUTE_FORUMS.items():
            self.forum.addItem(label, key)
        self.court = f(_("Court"), QLineEdit(self), "court", 7, 1)
        town = ctx.settings().town
        self.court.setPlaceholderText(_("Tribunal de grande instance de {town}").format(town=town or "…"))
        self.place = f(_("Signed at"), QLineEdit(self), "place", 8, 0)
        self.place.setPlaceholderText(town)
        self.copies = f(_("Original copies"), QSpinBox(self), "copies", 8, 1)
        self.copies.setRange(MIN_COPIES, MAX_COPIES)
        self.copies.setMaximumWidth(90)
        self.note = f(_("Note"), QLineEdit(self), "note", 9, 0)
        self.signature_date = f(_("Signature date"), DateEdit(self, value=today, maximum=today), "signature_date",
                                9, 1)  # fmt: skip
        self.signature_date.setToolTip(_("The date written on the contract when the manager signs it"))
        self.signature_date.setEnabled(ctx.can(Action.MANAGE_CONTRACTS_AND_PRICES))
        self.general_layout.addWidget(self.section(_("Signatories")))
        self.signatories = SignatoriesEditor(ctx, self)
        self.general_layout.addWidget(self.signatories, 1)
        self._fields.append(self.signatories)  # Enter on the last field goes into the signatories

        self.schedule = ScheduleEditor(ctx, self)
        self.obligations = ObligationsEditor(ctx, self)
        self.indicators = IndicatorsEditor(ctx, self)
        self.attachments = AttachmentsPanel(ctx, self)
        self.attachments.reload = self.reload_attachments
        self.add_tab(self.schedule, _("Schedule"))
        self.add_tab(self.obligations, _("Obligations"))
        self.add_tab(self.indicators, _("Indicators"))
        self.attachments_tab = self.add_tab(self.attachments, _("Attachments"))
        self.tabs.setTabEnabled(self.attachments_tab, contract_id is not None)
        self.tabs.setTabToolTip(self.attachments_tab, _("Save the draft first"))

        self.sign_button = self.action_button(_("Sign"), "sign", self.sign, Action.MANAGE_CONTRACTS_AND_PRICES)
        self.print_button = self.action_button(_("Print the draft"), "print_draft", self.print_draft)
        self.delete_button = self.action_button(_("Delete the draft"), "delete_draft", self.delete_draft,
                                                Action.EDIT_DOCUMENTS)  # fmt: skip
        self.delete_button.setVisible(contract_id is not None)
        self.restrict(self.ok_button, Action.EDIT_DOCUMENTS)  # type: ignore[arg-type]

        self.amount.valueChanged.connect(self.schedule.set_planned)
        self.op.partyChosen.connect(self._op_chosen)
        self.op.setFocus()

    # -- reactions ------------------------------------------------------------------------------------
    def _op_chosen(self, op_id: int) -> None:
        if not self.signatories.inputs():
            self.signatories.set_inputs(self.ctx.read(lambda s: drafts.default_signatories(s, op_id)))

    def reload_attachments(self) -> None:
        if self.contract_id is not None:
            cid = self.contract_id
            self.attachments.show_doc(self.ctx.read(lambda s: queries.get_contract(s, cid)))

    # -- the draft --------------------------------------------------------------------------------------
    def draft(self) -> ContractDraft:
        return ContractDraft(
            op_id=self.op.party_id() or 0, service_type=self.service_type.currentData(), object=self.object.text(),
            effect_date=self.effect_date.value(), end_date=self.end_date.value(),
            planned_amount=self.amount.value() or 0, notice_days=self.notice.value(),
            tacit_renewal=self.tacit.isChecked(), payment_terms=self.payment_terms.text(),
            advance=self.advance.value() or 0, guarantees=self.guarantees.text(),
            dispute_forum=self.forum.currentData(), court=self.court.text(), place=self.place.text(),
            copies=self.copies.value(), note=self.note.text(), signatories=self.signatories.inputs(),
            schedule=self.schedule.inputs(), obligations=self.obligations.inputs(),
            indicators=self.indicators.inputs(),
        )  # fmt: skip

    def load(self, doc: ContractDoc) -> None:
        r = doc.row
        self.op.set_party(r.op_id, party_caption(self.ctx, r.op_id))
        self.op.setCursorPosition(0)
        select_data(self.service_type, r.service_type)
        self.object.setText(r.object)
        self.object.setCursorPosition(0)
        self.effect_date.setValue(r.effect_date)
        self.end_date.setValue(doc.own_end_date)
        self.notice.setValue(doc.notice_days)
        self.tacit.setChecked(r.tacit_renewal)
        self.amount.setValue(doc.own_amount)
        self.advance.setValue(doc.advance)
        self.payment_terms.setText(doc.payment_terms)
        self.guarantees.setText(doc.guarantees)
        select_data(self.forum, doc.dispute_forum)
        self.court.setText(doc.court)
        self.place.setText(doc.place)
        self.copies.setValue(doc.copies)
        self.note.setText(doc.note)
        load_parts(self, doc)
        self.schedule.set_planned(doc.own_amount)
        self.attachments.show_doc(doc)

    def pre_check(self) -> bool:
        self.clear_errors()
        if self.op.error() or self.op.party_id() is None:
            self.tabs.setCurrentIndex(0)
            self.show_field_error(self.op, self.op.error() or _("Choose the producer organisation."))
            return False
        for money_field in (self.amount, self.advance):
            if money_field.error():
                self.tabs.setCurrentIndex(0)
                self.show_field_error(money_field, money_field.error())
                return False
        return True

    def refuse(self, err: DomainError) -> None:
        name = REFUSAL_FIELDS.get(err.code) or FIELD_NAMES.get(str(err.params.get("field", "")))
        self.show_refusal(err, getattr(self, name, None) if name else None)

    def _save(self, s: Any, draft: ContractDraft) -> ContractDoc:
        if self.contract_id is None:
            return drafts.create_contract(s, draft)
        return drafts.update_contract(s, self.contract_id, draft)

    def save(self) -> bool:
        """Save without closing (before printing or attaching); True when saved."""
        if not self.pre_check():
            return False
        draft = self.draft()
        try:
            self.saved = self.ctx.workspace.run(lambda s: self._save(s, draft))
        except DomainError as err:
            self.refuse(err)
            return False
        self.contract_id = self.saved.id
        self.tabs.setTabEnabled(self.attachments_tab, True)
        self.tabs.setTabToolTip(self.attachments_tab, "")
        self.delete_button.setVisible(True)
        self.attachments.show_doc(self.saved)
        self.ctx.changed.emit({"op_contracts"})
        return True

    def accept(self) -> None:
        if self.ok_button.isEnabled() and self.save():
            super().accept()

    def sign(self) -> None:
        """Save and sign in one transaction (nothing is kept when refused); a manager may pass the credit limit."""
        if not self.sign_button.isEnabled() or not self.pre_check():
            return
        doc = sign_with_draft(self, self.draft(), self.signature_date.value())
        if doc is None:
            return
        self.saved, self.contract_id = doc, doc.id
        self.ctx.changed.emit(set(AREAS))
        QMessageBox.information(self, _("Contract signed"), _("The contract is signed under number {number}.").format(
            number=doc.number))  # fmt: skip
        super().accept()

    def print_draft(self) -> None:
        if self.save() and self.saved is not None:
            actions.print_contract(self, self.ctx, self.saved.id, self.saved.number)

    def delete_draft(self) -> None:
        delete_saved_draft(self, self.contract_id, _("Delete this draft contract and its attachments?"))

    # -- entry points -----------------------------------------------------------------------------------
    @classmethod
    def create(cls, parent: QWidget | None, ctx: ViewContext, op_id: int | None = None) -> ContractDoc | None:
        dialog = cls(ctx, parent)
        if op_id is not None:
            dialog.op.set_party(op_id, party_caption(ctx, op_id))
            dialog._op_chosen(op_id)
        dialog.exec()  # a draft saved before printing or attaching is kept even when the form is closed
        return dialog.saved

    @classmethod
    def edit(cls, parent: QWidget | None, ctx: ViewContext, contract_id: int) -> ContractDoc | None:
        dialog = cls(ctx, parent, contract_id)
        dialog.load(ctx.read(lambda s: queries.get_contract(s, contract_id)))
        dialog.exec()  # a draft saved before printing or attaching is kept even when the form is closed
        return dialog.saved


def load_parts(form: Any, doc: ContractDoc) -> None:
    """The signatories, schedule, obligations and indicators of a saved draft into the editors of ``form``."""
    own = doc.id
    form.signatories.set_inputs([SignatoryInput(s.side, s.name, s.capacity) for s in doc.signatories])
    form.schedule.set_inputs([ScheduleInput(x.due_date, x.amount, x.label) for x in doc.schedule
                              if x.contract_id == own])  # fmt: skip
    form.obligations.set_inputs([
        ObligationInput(o.side, o.deliverable, o.due_date, decimal_text(o.quantity) or None, o.unit)
        for o in doc.obligations if o.contract_id == own
    ])  # fmt: skip
    form.indicators.set_inputs([IndicatorInput(i.name, decimal_text(i.target), i.unit) for i in doc.indicators
                                if i.contract_id == own])  # fmt: skip


def ask_override(parent: QWidget, text: str) -> str:
    """A manager may go beyond the OP's credit limit with a reason (kept in the event journal)."""
    reason, ok = QInputDialog.getText(parent, _("Credit limit"), text + "\n\n" + _("Reason to sign all the same:"))
    return reason.strip() if ok else ""


def sign_with_draft(dialog: Any, draft: Any, day: date) -> ContractDoc | None:
    """Save ``draft`` (``dialog._save``) and sign it in one transaction; a manager may pass the credit limit
    with a reason. None when refused: the dialog shows why and keeps what was typed."""
    override = ""
    while True:
        try:
            return dialog.ctx.workspace.run(
                lambda s, why=override: op_contracts.sign_contract(
                    s, dialog._save(s, draft).id, signature_date=day, override_reason=why)
            )  # fmt: skip
        except DomainError as err:
            if err.code == "credit.limit_exceeded" and not override:
                override = ask_override(dialog, message(err))
                if override:
                    continue
            dialog.refuse(err)
            return None


def delete_saved_draft(dialog: Any, draft_id: int | None, question: str) -> None:
    """Delete a saved draft contract or avenant after confirmation, then close the dialog."""
    if draft_id is None:
        return
    if QMessageBox.question(dialog, _("Delete the draft"), question) != QMessageBox.StandardButton.Yes:
        return
    try:
        dialog.ctx.workspace.run(lambda s: drafts.delete_draft(s, draft_id))
    except DomainError as err:
        dialog.show_error(message(err))
        return
    dialog.ctx.changed.emit({"op_contracts"})
    dialog.reject()
