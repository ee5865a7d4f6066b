"""Contrat de vente de bétail: the form of a draft, built for market day.

Header (type, date, market or place, seller, buyer and destination, guarantor or witness, agent, payment
terms, commission rule, language of explanation, note) above three tabs — the animal lines (Ctrl+1, see
livestock_lines.py), the débours and who pays each (Ctrl+2), the papers (Ctrl+3) — and the running totals,
always in view. Ctrl+S saves the draft; Ctrl+Enter (or « Conclude ») saves and concludes in one transaction
(number CBV, dues opened). A refusal keeps everything typed and shows the French reason beside the field.

``LivestockContractDialog.create(parent, ctx)`` and ``.edit(parent, ctx, contract_id)`` (drafts) return the
saved ``ContractDoc`` or None.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox, QWidget

from centre_app.domain.errors import DomainError, message
from centre_app.domain.permissions import Action
from centre_app.services import livestock, livestock_queries, livestock_workflow
from centre_app.services.livestock_queries import ContractDoc
from centre_app.services.livestock_rules import ContractDraft
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _
from centre_app.views.livestock_contract_form import DOCUMENTS_TAB, FEES_TAB, LINES_TAB, ContractForm

# Which header field shows a refusal (presentation only: the rules are the services').
REFUSAL_FIELDS = {
    "livestock.future_date": "contract_date", "livestock.same_party": "buyer", "livestock.place_required": "place",
    "livestock.market_inactive": "market", "livestock.guarantor_is_party": "guarantor",
    "livestock.deposit_cash": "deposit", "livestock.deposit_required": "deposit",
    "livestock.deposit_above_total": "deposit", "money.negative": "deposit", "money.not_integer": "deposit",
    "livestock.balance_date_required": "balance_date", "livestock.language_required": "language",
    "livestock.rule_inactive": "commission", "livestock.rule_not_yet_valid": "commission",
    "livestock.commission_species": "commission", "livestock.commission_in_resale": "commission",
}  # fmt: skip


class LivestockContractDialog(ContractForm):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None, contract_id: int | None = None) -> None:
        super().__init__(ctx, parent, contract_id)
        self.draft_button = self._button(_("Save the draft (Ctrl+S)"), "save_draft", self.save_draft)
        self.delete_button = self._button(_("Delete the draft"), "delete_draft", self.delete_draft)
        self.delete_button.setVisible(contract_id is not None)
        for button in (self.ok_button, self.draft_button, self.delete_button):
            if not ctx.can(Action.EDIT_DOCUMENTS):
                button.setEnabled(False)
                button.setToolTip(ctx.why_not(Action.EDIT_DOCUMENTS))
        self._shortcuts()

    def _shortcuts(self) -> None:
        for keys, slot in (
            ("Ctrl+1", lambda: self.show_tab(LINES_TAB)), ("Ctrl+2", lambda: self.show_tab(FEES_TAB)),
            ("Ctrl+3", lambda: self.show_tab(DOCUMENTS_TAB)), ("Ctrl+S", self.save_draft), ("F9", self.show_history),
        ):  # fmt: skip
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def show_tab(self, tab: int) -> None:
        self.tabs.setCurrentIndex(tab)
        if tab == LINES_TAB:
            self.lines.start()
        elif tab == FEES_TAB:
            self.fees.rows["taxe_marche"].check.setFocus()  # Space ticks it, Tab goes on
        else:
            self.documents.kind.setFocus()

    def show_history(self) -> None:
        """F9: what the buyer (when his field has the focus) or else the seller sold and bought before."""
        from centre_app.views.livestock_history import PartyHistoryDialog

        picker = self.buyer if self.buyer.hasFocus() else self.seller
        party_id = picker.party_id() or self.seller.party_id() or self.buyer.party_id()
        if party_id is not None:
            PartyHistoryDialog.show_party(self, self.ctx, party_id)

    def pre_check(self) -> bool:
        """What the services cannot see: a name typed but not chosen, a half-typed amount."""
        self.clear_errors()
        self.lines.error.clear()
        self.fees_error.clear()
        for picker, text in ((self.seller, _("Choose the seller.")), (self.buyer, _("Choose the buyer."))):
            if picker.party_id() is None:
                self.show_field_error(picker, picker.error() or text)
                return False
        if self.deposit.isEnabled() and self.deposit.error():
            self.show_field_error(self.deposit, self.deposit.error())
            return False
        if self.fees.errors():
            self.show_tab(FEES_TAB)
            self.fees_error.setText(self.fees.errors())
            return False
        self.lines.drop_blank_lines()
        return True

    def show_refusal(self, err: DomainError) -> None:
        text = message(err)
        widget = getattr(self, REFUSAL_FIELDS.get(err.code, ""), None)
        if isinstance(widget, QWidget):
            self.show_field_error(widget, text)
        elif err.code.startswith("livestock.line") or err.code in (
            "livestock.no_lines", "livestock.too_many_lines", "livestock.net_not_positive",
        ):  # fmt: skip
            self.tabs.setCurrentIndex(LINES_TAB)
            self.lines.error.setText(text)
            self.lines.select_line(int(err.params.get("position", 0) or 0))
        elif err.code.startswith(("livestock.fee", "livestock.market_tax")):
            self.tabs.setCurrentIndex(FEES_TAB)
            self.fees_error.setText(text)
        elif err.code == "livestock.document_dates":
            self.tabs.setCurrentIndex(DOCUMENTS_TAB)
            self.documents.error.setText(text)
        else:
            self.show_error(text)

    def _save(self, s: object, draft: ContractDraft) -> ContractDoc:
        if self.contract_id is None:
            return livestock.create_contract(s, draft)
        return livestock.update_contract(s, self.contract_id, draft)

    def save_draft(self) -> None:
        if not self.draft_button.isEnabled() or not self.pre_check():
            return
        draft = self.draft()
        try:
            self.saved = self.ctx.workspace.run(lambda s: self._save(s, draft))
        except DomainError as err:
            self.show_refusal(err)
            return
        self.contract_id = self.saved.id
        self.ctx.changed.emit({"livestock"})
        super().accept()

    def accept(self) -> None:
        """Conclude: save the draft and conclude it in one transaction (nothing is kept when refused)."""
        if not self.ok_button.isEnabled() or not self.pre_check():
            return
        draft, override = self.draft(), ""
        while True:
            try:
                doc = self.ctx.workspace.run(
                    lambda s, why=override: livestock_workflow.conclude_contract(
                        s, self._save(s, draft).id, override_reason=why
                    )
                )
            except DomainError as err:
                if err.code == "credit.limit_exceeded" and self.ctx.can(Action.CANCEL_DOCUMENT) and not override:
                    override = ask_reason(self, _("Credit limit"), message(err),
                                          _("Reason to conclude the sale all the same:"))  # fmt: skip
                    if override:
                        continue
                self.show_refusal(err)
                return
            break
        self.saved, self.contract_id = doc, doc.id
        self.ctx.changed.emit({"livestock", "cash"})
        super().accept()

    def delete_draft(self) -> None:
        if self.contract_id is None:
            return
        if QMessageBox.question(self, _("Delete the draft"), _("Delete this draft sale?")) != (
            QMessageBox.StandardButton.Yes
        ):
            return
        contract_id = self.contract_id
        try:
            self.ctx.workspace.run(lambda s: livestock.delete_draft(s, contract_id))
        except DomainError as err:
            self.show_error(message(err))
            return
        self.ctx.changed.emit({"livestock"})
        self.reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        focus = self.focusWidget()
        in_lines = focus is not None and (focus is self.lines or self.lines.isAncestorOf(focus))
        key, ctrl = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if in_lines and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not ctrl:
            return  # the grid moves on by itself; Enter never concludes from there
        if key == Qt.Key.Key_Escape and self.saved is None and self.lines.line_inputs():
            answer = QMessageBox.question(self, _("Close"), _("Close without saving? The animals typed are lost."))
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().keyPressEvent(event)

    # -- entry points -----------------------------------------------------------------------------------
    @classmethod
    def create(cls, parent: QWidget | None, ctx: ViewContext) -> ContractDoc | None:
        dialog = cls(ctx, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    @classmethod
    def edit(cls, parent: QWidget | None, ctx: ViewContext, contract_id: int) -> ContractDoc | None:
        dialog = cls(ctx, parent, contract_id)
        dialog.load(ctx.read(lambda s: livestock_queries.get_contract(s, contract_id)))
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_reason(parent: QWidget, title: str, text: str, question: str) -> str:
    """A manager's reason to go beyond a rule (kept in the event journal); "" when not given."""
    reason, ok = QInputDialog.getText(parent, title, text + "\n\n" + question)
    return reason.strip() if ok else ""
