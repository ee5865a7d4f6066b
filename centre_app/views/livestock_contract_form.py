"""The form of a livestock contract: its header fields, the tabs (animal lines, débours, papers) and the
running totals, with what keeps them in step (the market tax of the market × species table, the type of
contract, the payment terms). ``draft()`` reads everything typed as a ``ContractDraft``, ``load(doc)`` shows a
saved draft. Saving and concluding are the dialog's (livestock_contract_dialog.py).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from centre_app.domain import livestock as dom
from centre_app.services import livestock_choices
from centre_app.services.livestock_queries import ContractDoc
from centre_app.services.livestock_rules import ContractDraft
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _
from centre_app.views.livestock_documents import DocumentsEditor, paper_of
from centre_app.views.livestock_fees import FeesEditor
from centre_app.views.livestock_line_model import AnimalLine
from centre_app.views.livestock_lines import AnimalLinesEditor
from centre_app.views.livestock_totals import TotalsBar, figures_preview
from centre_app.views.receipt_dialog import party_caption
from centre_app.views.stock_common import quantity_text, select_data
from centre_app.views.widgets.date_edit import DateEdit
from centre_app.views.widgets.form_helpers import FormDialog, error_label
from centre_app.views.widgets.money_edit import MoneyEdit
from centre_app.views.widgets.party_picker import PartyPicker

LINES_TAB, FEES_TAB, DOCUMENTS_TAB = range(3)


class ContractForm(FormDialog):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None, contract_id: int | None = None) -> None:
        title = _("New livestock sale") if contract_id is None else _("Livestock sale — draft")
        super().__init__(parent, title, ok_text=_("Conclude (Ctrl+Enter)"))
        self.ctx = ctx
        self.contract_id = contract_id
        self.saved: ContractDoc | None = None
        self.choices = ctx.read(livestock_choices.contract_choices)
        self._taxes: dict[str, int] = {}
        centre = ctx.settings()
        self.setMinimumSize(1240, 720)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close"))

        self.head = QGridLayout()
        self.head.setHorizontalSpacing(10)
        self.head.setVerticalSpacing(2)
        self.contract_type = self._field(_("Type"), QComboBox(self), "contract_type", 0, 0, required=True)
        for key, label in dom.CONTRACT_TYPES.items():
            self.contract_type.addItem(label, key)
        self.contract_date = self._field(_("Date"), DateEdit(self, maximum=date.today()), "contract_date", 0, 1,
                                         required=True)  # fmt: skip
        self.market = self._field(_("Market"), QComboBox(self), "market", 0, 2)
        self.market.addItem(_("(no market: type the place)"), None)
        for market_id, name in self.choices.markets:
            self.market.addItem(name, market_id)
        self.place = self._field(_("Place"), QLineEdit(self), "place", 1, 0)
        self.seller = self._field(_("Seller"), PartyPicker(ctx, self), "seller", 1, 1, required=True)
        self.buyer = self._field(_("Buyer"), PartyPicker(ctx, self), "buyer", 1, 2, required=True)
        self.destination = self._field(_("Destination country"), self._editable(dom.DESTINATIONS), "destination",
                                       2, 0)  # fmt: skip
        self.destination.setCurrentIndex(-1)
        self.guarantor = self._field(_("Guarantor / witness"), PartyPicker(ctx, self), "guarantor", 2, 1)
        self.guarantor.setPlaceholderText(_("A party, or a name typed in full"))
        self.quality = self._field(_("Quality"), QComboBox(self), "quality", 2, 2)
        for key, label in dom.GUARANTOR_QUALITIES.items():
            self.quality.addItem(label, key)
        select_data(self.quality, "temoin")
        self.agent = self._field(_("Agent"), QLineEdit(ctx.actor.full_name if ctx.actor else "", self), "agent", 3, 0)
        self.terms = self._field(_("Payment terms"), QComboBox(self), "terms", 3, 1, required=True)
        for key, label in dom.PAYMENT_TERMS.items():
            self.terms.addItem(label, key)
        self.deposit = self._field(_("Deposit"), MoneyEdit(self, currency=centre.currency), "deposit", 3, 2)
        self.balance_date = self._field(_("Balance due on"), DateEdit(self), "balance_date", 4, 0)
        self.commission = self._field(_("Commission"), QComboBox(self), "commission", 4, 1)
        self.commission.addItem(_("No commission"), None)
        for rule in self.choices.rules:
            self.commission.addItem(rule.name, rule.id)
        self.language = self._field(_("Read and explained in"), self._editable(dom.LANGUAGES), "language", 4, 2,
                                    required=True)  # fmt: skip
        self.note = self._field(_("Note"), QLineEdit(self), "note", 5, 0, span=3)
        self.note.setMaxLength(500)
        for column in (1, 3, 5):
            self.head.setColumnStretch(column, 1)

        self.lines = AnimalLinesEditor(ctx, self.choices, self)
        self.fees = FeesEditor(ctx, self)
        self.fees_error = error_label(self, "fees_error")
        fees_page = QWidget(self)
        box = QVBoxLayout(fees_page)
        box.addWidget(self.fees_error)
        box.addWidget(self.fees, 1)
        self.documents = DocumentsEditor(ctx, self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.addTab(self.lines, _("Animals (Ctrl+1)"))
        self.tabs.addTab(fees_page, _("Expenses (Ctrl+2)"))
        self.tabs.addTab(self.documents, _("Documents (Ctrl+3)"))
        self.totals = TotalsBar((centre.currency, centre.locale), self)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(0, self.head)
        layout.insertWidget(1, self.tabs, 1)
        layout.insertWidget(2, self.totals)
        for i in reversed(range(layout.count())):
            if layout.itemAt(i).spacerItem() is not None:
                layout.takeAt(i)  # the tabs take the room, not FormDialog's stretch
        self._fields.append(self.lines)  # Enter on the last header field goes into the animal lines

        self.contract_type.currentIndexChanged.connect(self._type_changed)
        self.terms.currentIndexChanged.connect(self._terms_changed)
        self.market.currentIndexChanged.connect(self._reload_taxes)
        self.contract_date.dateChanged.connect(self._reload_taxes)
        self.commission.currentIndexChanged.connect(self.recompute)
        self.lines.linesChanged.connect(self.recompute)
        self.fees.changed.connect(self.recompute)
        self._type_changed()
        self._terms_changed()
        self._reload_taxes()
        self.contract_type.setFocus()

    # -- building ---------------------------------------------------------------------------------------
    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        return button

    def _editable(self, values: tuple[str, ...]) -> QComboBox:
        """A list of suggestions the clerk may type over (country, language); Enter keeps the text and goes on."""
        combo = QComboBox(self)
        combo.setEditable(True)
        combo.addItems(list(values))
        combo.installEventFilter(self)
        return combo

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # An editable list swallows Enter once its inline completion is accepted: go on to the next field.
        if (
            isinstance(watched, QComboBox) and watched.isEditable() and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):  # fmt: skip
            index = self._fields.index(watched) if watched in self._fields else len(self._fields)
            later = [f for f in self._fields[index + 1 :] if f.isEnabled() and f.isVisible()]
            if later:
                later[0].setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().eventFilter(watched, event)

    def _field(self, label: str, widget: QWidget, name: str, row: int, column: int, *, required: bool = False,
               span: int = 1) -> QWidget:  # fmt: skip
        """A header field in the grid (label, widget, its red message below), known to FormDialog's keys."""
        widget.setObjectName(name)
        caption = QLabel(label + " *" if required else label, self)
        caption.setBuddy(widget)
        err = error_label(self, f"{name}_error")
        cell = QWidget(self)
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(widget)
        box.addWidget(err)
        self.head.addWidget(caption, row, column * 2, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        self.head.addWidget(cell, row, column * 2 + 1, 1, span * 2 - 1)
        self._fields.append(widget)
        self._field_errors[widget] = err
        return widget

    # -- reactions --------------------------------------------------------------------------------------
    def _type_changed(self, *_args: object) -> None:
        resale = self.contract_type.currentData() == "achat_revente"
        self.lines.set_resale(resale)
        self.totals.show_margin(resale)
        if resale:
            self.commission.setCurrentIndex(0)  # the centre buys and resells: no commission
        self.commission.setEnabled(not resale)
        self.recompute()

    def _terms_changed(self, *_args: object) -> None:
        deposit = self.terms.currentData() == "acompte_solde"
        self.deposit.setEnabled(deposit)
        self.balance_date.setEnabled(deposit)

    def _reload_taxes(self, *_args: object) -> None:
        market_id, day = self.market.currentData(), self.contract_date.value()
        self._taxes = {} if market_id is None else self.ctx.read(
            lambda s: livestock_choices.market_taxes(s, market_id, day)
        )  # fmt: skip
        self.recompute()

    def terms_of_rule(self) -> dom.CommissionTerms | None:
        rule = next((r for r in self.choices.rules if r.id == self.commission.currentData()), None)
        if rule is None:
            return None
        return dom.CommissionTerms(rule.kind, rule.payer, rule.amount, rule.rate_bp, rule.species_code, rule.name)

    def recompute(self, *_args: object) -> None:
        """The running totals, with the domain's arithmetic, on what is typed so far."""
        amounts = self.lines.amounts()
        tax = sum(x.heads * self._taxes.get(x.species_code, 0) for x in amounts)
        self.fees.set_market_tax(tax, market_chosen=self.market.currentData() is not None)
        figures, reason = figures_preview(self.contract_type.currentData(), amounts, self.terms_of_rule(),
                                          self.fees.fee_amounts())  # fmt: skip
        self.totals.show_figures(figures, amounts, reason)

    # -- the draft ----------------------------------------------------------------------------------------
    def draft(self) -> ContractDraft:
        acompte = self.terms.currentData() == "acompte_solde"
        guarantor_id = self.guarantor.party_id()
        return ContractDraft(
            contract_type=self.contract_type.currentData(), seller_id=self.seller.party_id() or 0,
            buyer_id=self.buyer.party_id() or 0, lines=self.lines.line_inputs(),
            contract_date=self.contract_date.value(), market_id=self.market.currentData(), place=self.place.text(),
            destination_country=self.destination.currentText(), guarantor_id=guarantor_id,
            guarantor_name="" if guarantor_id else self.guarantor.text(),
            guarantor_quality=self.quality.currentData() if (guarantor_id or self.guarantor.text().strip()) else "",
            agent_name=self.agent.text(), payment_terms=self.terms.currentData(),
            deposit=(self.deposit.value() or 0) if acompte else 0,
            balance_due_date=self.balance_date.value() if acompte else None,
            commission_rule_id=self.commission.currentData(), fees=self.fees.fee_inputs(),
            documents=self.documents.document_inputs(), explained_language=self.language.currentText(),
            note=self.note.text(),
        )  # fmt: skip

    def load(self, doc: ContractDoc) -> None:
        select_data(self.contract_type, doc.contract_type)
        self.contract_date.setValue(doc.contract_date)
        select_data(self.market, doc.market_id)
        self.place.setText(doc.place)
        self.seller.set_party(doc.seller.id, party_caption(self.ctx, doc.seller.id))
        self.buyer.set_party(doc.buyer.id, party_caption(self.ctx, doc.buyer.id))
        for picker in (self.seller, self.buyer):
            picker.setCursorPosition(0)
        self.destination.setCurrentText(doc.destination_country)
        if doc.guarantor is not None:
            self.guarantor.set_party(doc.guarantor.id, party_caption(self.ctx, doc.guarantor.id))
        else:
            self.guarantor.setText(doc.guarantor_name)
        select_data(self.quality, doc.guarantor_quality or "temoin")
        self.agent.setText(doc.agent_name)
        select_data(self.terms, doc.payment_terms)
        self.deposit.setValue(doc.deposit or None)
        if doc.balance_due_date is not None:
            self.balance_date.setValue(doc.balance_due_date)
        select_data(self.commission, doc.commission_rule_id)
        self.language.setCurrentText(doc.explained_language)
        self.note.setText(doc.note)
        self.lines.set_lines([
            AnimalLine(x.species_code, x.category_id, x.breed_id, x.sex, x.castrated, x.age_years, x.dentition,
                       x.coat, x.marks, x.body_condition,
                       quantity_text(x.estimated_weight) if x.estimated_weight is not None else "", x.heads,
                       x.unit_price, x.unit_cost or None)
            for x in doc.lines
        ])  # fmt: skip
        self.fees.set_fees(doc.fees)
        self.documents.set_documents([paper_of(d) for d in doc.documents])
        self.recompute()
