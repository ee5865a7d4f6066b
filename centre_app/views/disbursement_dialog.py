"""Décaissements: bon de décaissement (DEC) and bon de paiement vendeur (BPV); prints the voucher.

``DisbursementDialog.create(parent, ctx, doc_type="DEC", party_id=None) -> PaymentRow | None``. A DEC is
paid to a registered party or to a beneficiary typed by name; a BPV pays a party what the centre owes it
(open payable dues, settled oldest first like a receipt). The form is the receipt's (receipt_dialog.py).
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QWidget

from centre_app.domain.cash import PAYMENT_TYPES
from centre_app.services.payments import PaymentRow
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _
from centre_app.views.receipt_dialog import PaymentDialog

VOUCHERS = ("DEC", "BPV")


class DisbursementDialog(PaymentDialog):
    """A new disbursement voucher (DEC or BPV)."""

    direction = "payable"

    def __init__(self, ctx: ViewContext, doc_type: str = "DEC", parent: QWidget | None = None) -> None:
        super().__init__(ctx, doc_type, _("New disbursement"), parent)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.party.partyChosen.connect(lambda _id: self.beneficiary.clear())
        self._kind_changed()
        self.kind.setFocus()

    def build_head(self) -> None:
        self.kind = self.add_field(_("Voucher"), QComboBox(self), name="kind", required=True)
        for code in VOUCHERS:
            self.kind.addItem(PAYMENT_TYPES[code][1], code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(self.doc_type)))

    def build_after_party(self) -> None:
        self.beneficiary = self.add_field(_("Or a name"), QLineEdit(self), name="beneficiary")
        self.beneficiary.setPlaceholderText(_("Beneficiary who is not a registered party"))
        self.beneficiary.textEdited.connect(self._name_typed)

    def party_title(self) -> str:
        return _("Paid to")

    def counterpart_name(self) -> str:
        return self.beneficiary.text() if self.doc_type == "DEC" and self.party.party_id() is None else ""

    def default_purpose(self, references: list[str]) -> str:
        if references:
            return _("payment of {references}").format(references=", ".join(references))
        return ""

    def _name_typed(self, text: str) -> None:
        if text.strip() and self.party.text():
            self.party.set_party(None)  # a free name replaces the chosen party
            self.dues.set_rows([])

    def _kind_changed(self, *_args: object) -> None:
        self.doc_type = self.kind.currentData()
        seller = self.doc_type == "BPV"
        self.setWindowTitle(PAYMENT_TYPES[self.doc_type][1])
        self.set_row_visible(self.beneficiary, not seller)
        self.set_row_visible(self.dues_table, seller)
        if seller:
            self.beneficiary.clear()
            self.load_dues()
        else:
            self.dues.set_rows([])

    def load_dues(self, party_id: int | None = None) -> None:
        if self.kind.currentData() == "BPV":  # a general voucher settles no document
            super().load_dues(party_id)

    @classmethod
    def create(
        cls, parent: QWidget | None, ctx: ViewContext, doc_type: str = "DEC", party_id: int | None = None
    ) -> PaymentRow | None:
        dialog = cls(ctx, doc_type, parent)
        if party_id is not None:
            dialog.choose_party(party_id)
        return dialog.payment if dialog.exec() == QDialog.DialogCode.Accepted else None
