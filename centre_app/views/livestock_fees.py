"""The débours of a livestock contract: which ones apply, their amount and who pays each (seller, buyer, shared).

    fees = FeesEditor(ctx, parent)
    fees.set_market_tax(3000, market_chosen=True)   # the taxe de marché is computed, never typed
    fees.fee_inputs() -> tuple[FeeInput, ...]        # what the services take
    fees.fee_amounts() -> list[FeeAmount]            # for the running totals
    fees.changed.connect(...)

Keyboard: Space ticks a débours, Tab or Enter goes on to its amount, its payer and its note.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from centre_app.domain import livestock as dom
from centre_app.services.livestock_queries import FeeRow
from centre_app.services.livestock_rules import FeeInput
from centre_app.views.cash_models import money
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _
from centre_app.views.stock_common import select_data
from centre_app.views.widgets.money_edit import MoneyEdit

MARKET_TAX = "taxe_marche"


@dataclass
class _FeeRow:
    kind: str
    check: QCheckBox
    amount: MoneyEdit | None  # None for the market tax
    payer: QComboBox
    note: QLineEdit


class FeesEditor(QWidget):
    changed = Signal()

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        centre = ctx.settings()
        self.cur = (centre.currency, centre.locale)
        self.market_tax = 0
        self.market_chosen = False
        grid = QGridLayout(self)
        for column, title in enumerate((_("Expense"), _("Amount"), _("Charged to"), _("Note"))):
            grid.addWidget(QLabel(f"<b>{title}</b>", self), 0, column)
        self.rows: dict[str, _FeeRow] = {}
        for line, (kind, label) in enumerate(dom.FEE_KINDS.items(), start=1):
            check = QCheckBox(label, self)
            check.setObjectName(f"fee_{kind}")
            amount = None if kind == MARKET_TAX else MoneyEdit(self, currency=centre.currency)
            payer = QComboBox(self)
            for key, name in dom.PAYERS.items():
                payer.addItem(name, key)
            note = QLineEdit(self)
            note.setMaxLength(200)
            row = _FeeRow(kind, check, amount, payer, note)
            self.rows[kind] = row
            grid.addWidget(check, line, 0)
            if amount is not None:
                amount.setObjectName(f"fee_{kind}_amount")
                amount.valueChanged.connect(lambda _v: self.changed.emit())
                grid.addWidget(amount, line, 1)
            payer.setObjectName(f"fee_{kind}_payer")
            note.setObjectName(f"fee_{kind}_note")
            grid.addWidget(payer, line, 2)
            grid.addWidget(note, line, 3)
            check.toggled.connect(lambda _on, r=row: self._toggled(r))
            payer.currentIndexChanged.connect(lambda _i: self.changed.emit())
            self._toggled(row)
        self.tax_label = QLabel(self)
        self.tax_label.setObjectName("market_tax")
        grid.addWidget(self.tax_label, 1, 1)
        grid.setColumnStretch(3, 1)
        grid.setRowStretch(len(dom.FEE_KINDS) + 1, 1)
        self.set_market_tax(0, market_chosen=False)

    def _toggled(self, row: _FeeRow) -> None:
        on = row.check.isChecked()
        for widget in (row.amount, row.payer, row.note):
            if widget is not None:
                widget.setEnabled(on)
        self.changed.emit()

    def set_market_tax(self, amount: int, *, market_chosen: bool) -> None:
        """The taxe de marché of the lines typed: Σ heads × tax per head of their species at the market."""
        self.market_tax, self.market_chosen = amount, market_chosen
        if not market_chosen:
            text = _("choose the market")
        elif amount:
            text = _("{amount} (market × species table)").format(amount=money(amount, self.cur))
        else:
            text = _("no tax at this market for these animals")
        self.tax_label.setText(text)

    def fee_inputs(self) -> tuple[FeeInput, ...]:
        out = []
        for r in self.rows.values():
            if r.check.isChecked():
                amount = None if r.amount is None else r.amount.value()
                out.append(FeeInput(r.kind, r.payer.currentData(), amount, r.note.text()))
        return tuple(out)

    def fee_amounts(self) -> list[dom.FeeAmount]:
        out = []
        for f in self.fee_inputs():
            amount = self.market_tax if f.kind == MARKET_TAX else (f.amount or 0)
            if amount > 0:
                out.append(dom.FeeAmount(f.kind, amount, f.payer))
        return out

    def errors(self) -> str:
        """A half-typed amount (as-you-type check only; the services decide)."""
        for r in self.rows.values():
            if r.check.isChecked() and r.amount is not None and r.amount.error():
                return f"{r.check.text()} : {r.amount.error()}"
        return ""

    def set_fees(self, fees: tuple[FeeRow, ...] | tuple[FeeInput, ...]) -> None:
        for r in self.rows.values():
            r.check.setChecked(False)
        for f in fees:
            r = self.rows[f.kind]
            r.check.setChecked(True)
            select_data(r.payer, f.payer)
            if r.amount is not None:
                r.amount.setValue(f.amount)
            r.note.setText(f.note)
        self.changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        for r in self.rows.values():
            r.check.setEnabled(not read_only)
            for widget in (r.amount, r.payer, r.note):
                if widget is not None:
                    widget.setEnabled(not read_only and r.check.isChecked())
