"""Avenant — the draft form of an amendment to a signed OP contract: its object, effect date, the contract's new
end date (or the same), the amount it adds with its schedule, new obligations and indicators, signatories,
attachments. OK saves the draft; « Signer » (a manager) saves and signs it: it is numbered under its contract
(COP-2026-0001/A1) and its schedule lines become what the OP owes.

``AmendmentDialog.create(parent, ctx, contract_id)`` and ``.edit(parent, ctx, amendment_id)`` return the saved
``ContractDoc`` of the avenant or None.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QSpinBox, QWidget

from centre_app.domain.errors import DomainError
from centre_app.domain.op_contracts import MAX_COPIES, MIN_COPIES
from centre_app.domain.permissions import Action
from centre_app.services import op_contract_drafts as drafts
from centre_app.services import op_contract_queries as queries
from centre_app.services.op_contract_drafts import AmendmentDraft, SignatoryInput
from centre_app.services.op_contract_rows import ContractDoc
from centre_app.views import op_contract_actions as actions
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _
from centre_app.views.op_contract_dialog import delete_saved_draft, load_parts, sign_with_draft
from centre_app.views.op_contract_form import HINT_STYLE, TabbedForm
from centre_app.views.op_contract_models import day
from centre_app.views.op_contract_parts import IndicatorsEditor, ObligationsEditor, ScheduleEditor, SignatoriesEditor
from centre_app.views.op_contract_tabs import AttachmentsPanel
from centre_app.views.widgets.date_edit import DateEdit
from centre_app.views.widgets.money_edit import MoneyEdit

AREAS = {"op_contracts", "cash"}
REFUSAL_FIELDS = {
    "op_amendment.effect_before_contract": "effect_date", "op_contract.end_before_effect": "end_box",
    "op_contract.bad_copies": "copies", "op_contract.schedule_total": "schedule",
    "op_contract.signatory_missing": "signatories", "op_obligation.after_end": "obligations",
    "op_contract.signature_in_future": "signature_date", "op_contract.signature_before": "signature_date",
    "money.not_positive": "schedule",
}  # fmt: skip


class AmendmentDialog(TabbedForm):
    def __init__(self, ctx: ViewContext, parent_doc: ContractDoc, parent: QWidget | None = None,
                 amendment_id: int | None = None) -> None:  # fmt: skip
        title = _("New avenant to contract {number}") if amendment_id is None else _("Draft avenant to {number}")
        super().__init__(ctx, parent, title.format(number=parent_doc.number), _("Save the draft"))
        self.parent_doc = parent_doc
        self.amendment_id = amendment_id
        self.saved: ContractDoc | None = None
        self.resize(1180, 660)
        today = date.today()
        r = parent_doc.row
        about = QLabel(_("Contract {number} with {op}, in force from {start} to {end}: {object}").format(
            number=parent_doc.number, op=r.op_name, start=day(r.effect_date), end=day(r.end_date), object=r.object),
            self)  # fmt: skip
        about.setWordWrap(True)
        about.setStyleSheet(HINT_STYLE)
        self.head.addWidget(about, 0, 0, 1, 4)
        f = self.field
        self.object = f(_("Object of the avenant"), QLineEdit(self), "object", 1, 0, required=True, span=2)
        self.object.setPlaceholderText(_("Extension of the contract, additional services…"))
        self.effect_date = f(_("Effect date"), DateEdit(self, value=today), "effect_date", 2, 0, required=True)
        self.changes_end = QCheckBox(_("new end date"), self)
        self.changes_end.setObjectName("changes_end")
        self.end_date = DateEdit(self, value=r.end_date)
        self.end_date.setObjectName("end_date")
        self.end_date.setEnabled(False)
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.changes_end)
        row.addWidget(self.end_date)
        row.addStretch(1)
        box.setFocusProxy(self.changes_end)
        self.end_box = f(_("End of the contract"), box, "end_box", 2, 1)
        self.amount = f(_("Added amount"), MoneyEdit(self, currency=self.cur[0]), "amount", 3, 0)
        self.amount.setAllowZero(True)
        self.copies = f(_("Original copies"), QSpinBox(self), "copies", 3, 1)
        self.copies.setRange(MIN_COPIES, MAX_COPIES)
        self.copies.setMaximumWidth(90)
        self.payment_terms = f(_("Payment terms"), QLineEdit(self), "payment_terms", 4, 0, span=2)
        self.place = f(_("Signed at"), QLineEdit(self), "place", 5, 0)
        self.place.setPlaceholderText(parent_doc.place)
        self.signature_date = f(_("Signature date"), DateEdit(self, value=today, maximum=today), "signature_date",
                                5, 1)  # fmt: skip
        self.signature_date.setEnabled(ctx.can(Action.MANAGE_CONTRACTS_AND_PRICES))
        self.note = f(_("Note"), QLineEdit(self), "note", 6, 0, span=2)
        self.general_layout.addWidget(self.section(_("Signatories")))
        self.signatories = SignatoriesEditor(ctx, self)
        self.general_layout.addWidget(self.signatories, 1)
        self._fields.append(self.signatories)
        self.schedule = ScheduleEditor(ctx, self)
        self.schedule.set_planned(0)
        self.obligations = ObligationsEditor(ctx, self)
        self.indicators = IndicatorsEditor(ctx, self)
        self.attachments = AttachmentsPanel(ctx, self)
        self.attachments.reload = self.reload_attachments
        self.add_tab(self.schedule, _("Schedule"))
        self.add_tab(self.obligations, _("New obligations"))
        self.add_tab(self.indicators, _("New indicators"))
        self.attachments_tab = self.add_tab(self.attachments, _("Attachments"))
        self.tabs.setTabEnabled(self.attachments_tab, amendment_id is not None)
        self.sign_button = self.action_button(_("Sign"), "sign", self.sign, Action.MANAGE_CONTRACTS_AND_PRICES)
        self.print_button = self.action_button(_("Print the draft"), "print_draft", self.print_draft)
        self.delete_button = self.action_button(_("Delete the draft"), "delete_draft", self.delete_draft,
                                                Action.EDIT_DOCUMENTS)  # fmt: skip
        self.delete_button.setVisible(amendment_id is not None)
        self.restrict(self.ok_button, Action.EDIT_DOCUMENTS)  # type: ignore[arg-type]
        self.changes_end.toggled.connect(self.end_date.setEnabled)
        self.amount.valueChanged.connect(self.schedule.set_planned)
        if amendment_id is None:
            self.signatories.set_inputs([SignatoryInput(s.side, s.name, s.capacity) for s in parent_doc.signatories])
        self.object.setFocus()

    def reload_attachments(self) -> None:
        if self.amendment_id is not None:
            aid = self.amendment_id
            self.attachments.show_doc(self.ctx.read(lambda s: queries.get_contract(s, aid)))

    def draft(self) -> AmendmentDraft:
        return AmendmentDraft(
            object=self.object.text(), effect_date=self.effect_date.value(),
            end_date=self.end_date.value() if self.changes_end.isChecked() else None, amount=self.amount.value() or 0,
            payment_terms=self.payment_terms.text(), place=self.place.text(), copies=self.copies.value(),
            note=self.note.text(), signatories=self.signatories.inputs(), schedule=self.schedule.inputs(),
            obligations=self.obligations.inputs(), indicators=self.indicators.inputs(),
        )  # fmt: skip

    def load(self, doc: ContractDoc) -> None:
        self.object.setText(doc.row.object)
        self.object.setCursorPosition(0)
        self.effect_date.setValue(doc.row.effect_date)
        self.changes_end.setChecked(doc.own_end_date != self.parent_doc.row.end_date)
        self.end_date.setValue(doc.own_end_date)
        self.amount.setValue(doc.own_amount)
        self.copies.setValue(doc.copies)
        self.payment_terms.setText(doc.payment_terms)
        self.place.setText(doc.place)
        self.note.setText(doc.note)
        load_parts(self, doc)
        self.schedule.set_planned(doc.own_amount)
        self.attachments.show_doc(doc)

    def pre_check(self) -> bool:
        self.clear_errors()
        if self.amount.error():
            self.tabs.setCurrentIndex(0)
            self.show_field_error(self.amount, self.amount.error())
            return False
        return True

    def refuse(self, err: DomainError) -> None:
        name = REFUSAL_FIELDS.get(err.code) or ("object" if err.params.get("field") == "Objet de l'avenant" else "")
        self.show_refusal(err, getattr(self, name, None) if name else None)

    def _save(self, s: Any, draft: AmendmentDraft) -> ContractDoc:
        if self.amendment_id is None:
            return drafts.create_amendment(s, self.parent_doc.id, draft)
        return drafts.update_amendment(s, self.amendment_id, draft)

    def save(self) -> bool:
        if not self.pre_check():
            return False
        draft = self.draft()
        try:
            self.saved = self.ctx.workspace.run(lambda s: self._save(s, draft))
        except DomainError as err:
            self.refuse(err)
            return False
        self.amendment_id = self.saved.id
        self.tabs.setTabEnabled(self.attachments_tab, True)
        self.delete_button.setVisible(True)
        self.attachments.show_doc(self.saved)
        self.ctx.changed.emit({"op_contracts"})
        return True

    def accept(self) -> None:
        if self.ok_button.isEnabled() and self.save():
            super().accept()

    def sign(self) -> None:
        if not self.sign_button.isEnabled() or not self.pre_check():
            return
        doc = sign_with_draft(self, self.draft(), self.signature_date.value())
        if doc is None:
            return
        self.saved, self.amendment_id = doc, doc.id
        self.ctx.changed.emit(set(AREAS))
        QMessageBox.information(self, _("Avenant signed"), _("The avenant is signed under number {number}.").format(
            number=doc.number))  # fmt: skip
        super().accept()

    def print_draft(self) -> None:
        if self.save() and self.saved is not None:
            actions.print_contract(self, self.ctx, self.saved.id, self.saved.number)

    def delete_draft(self) -> None:
        delete_saved_draft(self, self.amendment_id, _("Delete this draft avenant?"))

    @classmethod
    def create(cls, parent: QWidget | None, ctx: ViewContext, contract_id: int) -> ContractDoc | None:
        dialog = cls(ctx, ctx.read(lambda s: queries.get_contract(s, contract_id)), parent)
        dialog.exec()  # a draft saved before printing or attaching is kept even when the form is closed
        return dialog.saved

    @classmethod
    def edit(cls, parent: QWidget | None, ctx: ViewContext, amendment_id: int) -> ContractDoc | None:
        doc = ctx.read(lambda s: queries.get_contract(s, amendment_id))
        assert doc.parent_id is not None
        parent_id = doc.parent_id
        dialog = cls(ctx, ctx.read(lambda s: queries.get_contract(s, parent_id)), parent, amendment_id)
        dialog.load(doc)
        dialog.exec()  # a draft saved before printing or attaching is kept even when the form is closed
        return dialog.saved
