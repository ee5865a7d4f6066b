"""Dialogs of the livestock reference tables: a breed, a market, a market tax, a commission rule.

Each stays open with everything typed when the service refuses, and shows the French reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QWidget

from centre_app.domain.errors import DomainError, message
from centre_app.domain.formatting import format_date
from centre_app.services import livestock_ref
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _
from centre_app.views.reference_common import date_edit, edited_date, money_formatter
from centre_app.views.widgets.form_helpers import FormDialog
from centre_app.views.widgets.money_edit import MoneyEdit

MARKET_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


class _ReferenceDialog(FormDialog):
    """Runs one write; on refusal the dialog stays open with the French reason."""

    def __init__(self, ctx: ViewContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, title, ok_text=_("Save"))
        self.ctx = ctx
        self.saved: Any = None
        self.setMinimumWidth(480)

    def species_combo(self, *, everyone: bool = False) -> QComboBox:
        combo = QComboBox()
        if everyone:
            combo.addItem(_("All species"), None)
        for sp in self.ctx.read(livestock_ref.list_species):
            combo.addItem(sp.name, sp.code)
        return combo

    def save(self, fn: Callable[[Any], Any]) -> None:
        try:
            self.saved = self.ctx.workspace.run(fn)
        except DomainError as err:
            self.show_error(message(err))
            return
        self.ctx.changed.emit({"livestock"})
        super().accept()

    def required(self, *fields: tuple[QLineEdit, str]) -> bool:
        for field, what in fields:
            if not field.text().strip():
                self.show_field_error(field, what)
                return False
        return True

    @classmethod
    def run_dialog(cls, dialog: _ReferenceDialog) -> Any:
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None


class BreedDialog(_ReferenceDialog):
    def __init__(self, ctx: ViewContext, species_code: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("Add a breed"), parent)
        self.species = self.add_field(_("Species"), self.species_combo(), name="species", required=True)
        self.breed = self.add_field(_("Breed"), QLineEdit(), name="breed", required=True)
        self.breed.setPlaceholderText(_("e.g. Azawak"))
        if species_code is not None:
            self.species.setCurrentIndex(max(0, self.species.findData(species_code)))
        (self.species if species_code is None else self.breed).setFocus()

    def accept(self) -> None:
        self.clear_errors()
        if self.required((self.breed, _("Type the name of the breed."))):
            species, name = self.species.currentData(), self.breed.text()
            self.save(lambda s: livestock_ref.add_breed(s, species, name))

    @classmethod
    def create(cls, parent: QWidget | None, ctx: ViewContext, species_code: str | None = None) -> Any:
        return cls.run_dialog(cls(ctx, species_code, parent))


class MarketDialog(_ReferenceDialog):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("New market"), parent)
        self.name = self.add_field(_("Market name"), QLineEdit(), name="name", required=True)
        self.name.setPlaceholderText(_("e.g. Marché à bétail de Djibo"))
        self.commune = self.add_field(_("Commune"), QLineEdit(), name="commune")
        self.day = self.add_field(_("Market day"), QComboBox(), name="day")
        self.day.addItem("", "")
        for day in MARKET_DAYS:
            self.day.addItem(day, day)
        self.name.setFocus()

    def accept(self) -> None:
        self.clear_errors()
        if self.required((self.name, _("Type the name of the market."))):
            name, commune, day = self.name.text(), self.commune.text(), self.day.currentData()
            self.save(lambda s: livestock_ref.create_market(s, name, commune, day))

    @classmethod
    def create(cls, parent: QWidget | None, ctx: ViewContext) -> Any:
        return cls.run_dialog(cls(ctx, parent))


class MarketTaxDialog(_ReferenceDialog):
    """A tax per head at a market for a species from a date; the earlier amounts stay in the history."""

    def __init__(
        self,
        ctx: ViewContext,
        market_id: int | None = None,
        species_code: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, _("New market tax"), parent)
        self.money = money_formatter(ctx)
        self._taxes = ctx.read(livestock_ref.list_market_taxes)
        self.market = self.add_field(_("Market"), QComboBox(), name="market", required=True)
        for m in ctx.read(livestock_ref.list_markets):
            self.market.addItem(m.name, m.id)
        self.species = self.add_field(_("Species"), self.species_combo(), name="species", required=True)
        self.current = self.add_field(_("Tax in force"), QLabel(), name="current")
        self.amount = self.add_field(
            _("Tax per head"), MoneyEdit(currency=ctx.settings().currency), name="amount", required=True
        )
        self.valid_from = self.add_field(_("Valid from"), date_edit(), name="valid_from", required=True)
        if market_id is not None:
            self.market.setCurrentIndex(max(0, self.market.findData(market_id)))
        if species_code is not None:
            self.species.setCurrentIndex(max(0, self.species.findData(species_code)))
        self.market.currentIndexChanged.connect(self._show_current)
        self.species.currentIndexChanged.connect(self._show_current)
        self.amount.textChanged.connect(lambda _t: self.field_error_label(self.amount).setText(self.amount.error()))
        self._show_current()
        (self.amount if market_id is not None else self.market).setFocus()

    def _show_current(self) -> None:
        market, species = self.market.currentData(), self.species.currentData()
        row = next(
            (t for t in self._taxes if (t.market_id, t.species_code, t.state) == (market, species, "current")), None
        )
        self.current.setText(
            _("none")
            if row is None
            else _("{amount} since {date}").format(amount=self.money(row.amount), date=format_date(row.valid_from))
        )

    def accept(self) -> None:
        self.clear_errors()
        amount = self.amount.value()
        if problem := self.amount.error() or ("" if amount is not None else _("Type the amount (0 for no tax).")):
            self.show_field_error(self.amount, problem)
            return
        if self.market.currentData() is None:
            self.show_field_error(self.market, _("Create the market first."))
            return
        market, species, start = self.market.currentData(), self.species.currentData(), edited_date(self.valid_from)
        self.save(lambda s: livestock_ref.set_market_tax(s, market, species, amount, start))

    @classmethod
    def create(
        cls, parent: QWidget | None, ctx: ViewContext, market_id: int | None = None, species_code: str | None = None
    ) -> Any:
        return cls.run_dialog(cls(ctx, market_id, species_code, parent))


class CommissionRuleDialog(_ReferenceDialog):
    """Per head (by species), a percentage of the price (« 2,5 » → 2,5 %), or a flat amount per lot."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, _("New commission rule"), parent)
        self.name = self.add_field(_("Rule name"), QLineEdit(), name="name", required=True)
        self.name.setPlaceholderText(_("e.g. Bovins, par tête"))
        self.kind = self.add_field(_("Type"), QComboBox(), name="kind", required=True)
        for key, label in livestock_ref.COMMISSION_KINDS.items():
            self.kind.addItem(label, key)
        self.species = self.add_field(_("Species"), self.species_combo(everyone=True), name="species")
        self.amount = self.add_field(
            _("Amount"), MoneyEdit(currency=ctx.settings().currency), name="amount", required=True
        )
        self.amount.setAllowZero(False)
        self.rate = self.add_field(_("Rate (%)"), QLineEdit(), name="rate", required=True)
        self.rate.setPlaceholderText(_("e.g. 2,5"))
        self.payer = self.add_field(_("Paid by"), QComboBox(), name="payer", required=True)
        for key, label in livestock_ref.PAYERS.items():
            self.payer.addItem(label, key)
        self.valid_from = self.add_field(_("Valid from"), date_edit(), name="valid_from", required=True)
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        self.amount.textChanged.connect(lambda _t: self.field_error_label(self.amount).setText(self.amount.error()))
        self.rate.textChanged.connect(lambda _t: self.field_error_label(self.rate).setText(self._rate_problem()))
        self._kind_chosen()
        self.name.setFocus()

    def is_percentage(self) -> bool:
        return self.kind.currentData() == "pourcentage"

    def _kind_chosen(self) -> None:
        self.amount.setEnabled(not self.is_percentage())
        self.rate.setEnabled(self.is_percentage())
        self.field_error_label(self.amount).clear()
        self.field_error_label(self.rate).clear()

    def _rate_problem(self) -> str:
        if not self.rate.text().strip():
            return ""
        try:
            livestock_ref.percent_to_bp(self.rate.text())
        except DomainError as err:
            return message(err)
        return ""

    def accept(self) -> None:
        self.clear_errors()
        if not self.required((self.name, _("Type the name of the rule."))):
            return
        rate_bp, amount = 0, 0
        if self.is_percentage():
            if problem := self._rate_problem() or ("" if self.rate.text().strip() else _("Type the rate.")):
                self.show_field_error(self.rate, problem)
                return
            rate_bp = livestock_ref.percent_to_bp(self.rate.text())
        else:
            value = self.amount.value()
            if problem := self.amount.error() or ("" if value else _("Type the amount.")):
                self.show_field_error(self.amount, problem)
                return
            amount = value or 0
        name, kind, payer = self.name.text(), self.kind.currentData(), self.payer.currentData()
        species, start = self.species.currentData(), edited_date(self.valid_from)
        self.save(
            lambda s: livestock_ref.create_commission_rule(
                s, name, kind, payer, start, species_code=species, amount=amount, rate_bp=rate_bp
            )
        )

    @classmethod
    def create(cls, parent: QWidget | None, ctx: ViewContext) -> Any:
        return cls.run_dialog(cls(ctx, parent))
