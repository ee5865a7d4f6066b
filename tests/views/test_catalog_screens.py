"""Référentiels screens: products with packaging units, dated prices, magasins, livestock tables."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from centre_app.domain.errors import DomainError, message
from centre_app.services import catalog, livestock_ref
from centre_app.services.context import Actor
from centre_app.services.workspace import Workspace
from centre_app.views.context import ViewContext
from centre_app.views.livestock_dialogs import BreedDialog, CommissionRuleDialog, MarketDialog, MarketTaxDialog
from centre_app.views.livestock_page import LivestockPage
from centre_app.views.prices_page import PriceDialog, PriceListDialog, PricesPage
from centre_app.views.products_page import ProductDialog, ProductsPage
from centre_app.views.warehouses_page import WarehouseDialog, WarehousesPage

RETURN = Qt.Key.Key_Return


@pytest.fixture
def ctx(workspace: Workspace) -> ViewContext:
    return ViewContext(workspace)


def _typed(qtbot: QtBot, dialog: QDialog, text: str = "") -> None:
    """Type into the field that has the focus, then press Enter (as a clerk does)."""
    field = dialog.focusWidget()
    assert field is not None
    if text:
        qtbot.keyClicks(field, text)
    qtbot.keyClick(field, RETURN)


def _show(qtbot: QtBot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_models_pass_the_qt_model_tester(qtmodeltester, qtbot: QtBot, ctx: ViewContext, manager: Actor) -> None:
    ctx.workspace.actor = manager
    ctx.workspace.run(lambda s: livestock_ref.create_market(s, "Marche de Djibo", "Djibo", "lundi"))
    products, prices, warehouses, livestock = (
        ProductsPage(ctx),
        PricesPage(ctx),
        WarehousesPage(ctx),
        LivestockPage(ctx),
    )
    for page in (products, prices, warehouses, livestock):
        qtbot.addWidget(page)
    models = [products.model, prices.lists.model, prices.prices.model, warehouses.model]
    models += [p.model for p in (livestock.species_page, livestock.markets_page, livestock.taxes_page)]
    models.append(livestock.rules_page.model)
    for model in models:
        qtmodeltester.check(model)
    mil = ctx.read(lambda s: catalog.product_by_code(s, "MIL"))
    dialog = ProductDialog(ctx, mil)
    qtbot.addWidget(dialog)
    dialog.unit_code.setText("TINE")
    dialog.unit_name.setText("tine")
    dialog.unit_factor.setText("17,5")
    assert dialog.add_unit()
    assert dialog.model.rowCount() == 4
    qtmodeltester.check(dialog.model)


def test_products_list_shows_units_and_threshold(qtbot: QtBot, ctx: ViewContext) -> None:
    page = ProductsPage(ctx)
    qtbot.addWidget(page)
    rows = {page.model.row_at(i).code: i for i in range(page.model.rowCount())}
    tourteau = rows["TOURTEAU"]
    assert page.model.index(tourteau, 4).data() == "sac de 50 kg, tonne"
    assert page.model.index(tourteau, 5).data().replace("\u00a0", " ").replace("\u202f", " ") == (
        "50 sacs de 50 kg (2 500 kg)"
    )
    page.search.setText("mais")  # accents ignored: finds « Maïs » and « Son de maïs »
    page.refresh()
    assert {page.model.row_at(i).code for i in range(page.model.rowCount())} == {"MAIS", "SONMAIS"}


def test_create_a_product_with_two_packaging_units_from_the_keyboard(qtbot: QtBot, ctx: ViewContext) -> None:
    dialog = _show(qtbot, ProductDialog(ctx))
    assert dialog.focusWidget() is dialog.code
    _typed(qtbot, dialog, "ARACH")
    assert dialog.focusWidget() is dialog.name
    _typed(qtbot, dialog, "Arachide coque")
    _typed(qtbot, dialog)  # category: Céréale
    assert dialog.focusWidget() is dialog.base_unit
    _typed(qtbot, dialog)  # kg
    _typed(qtbot, dialog)  # plural kg
    _typed(qtbot, dialog, "500")  # alert threshold
    assert dialog.focusWidget() is dialog.unit_code
    _typed(qtbot, dialog, "SAC50")
    _typed(qtbot, dialog, "sac de 50 kg")
    assert dialog.unit_plural.text() == "sacs de 50 kg"  # suggested, still editable
    _typed(qtbot, dialog)
    _typed(qtbot, dialog, "50")
    assert dialog.focusWidget() is dialog.unit_date
    _typed(qtbot, dialog)  # no calibration date: the unit goes into the table
    assert dialog.model.rowCount() == 1
    assert dialog.focusWidget() is dialog.unit_code
    _typed(qtbot, dialog, "TINE")
    _typed(qtbot, dialog, "tine")
    _typed(qtbot, dialog)
    _typed(qtbot, dialog, "17,5")  # decimal comma
    assert dialog.unit_error.text() == ""
    _typed(qtbot, dialog, "01/10/2026")
    assert dialog.model.rowCount() == 2
    with qtbot.waitSignal(ctx.changed) as changed:
        _typed(qtbot, dialog)  # Enter on an empty unit code saves
    assert changed.args == [{"products"}]
    assert dialog.result() == QDialog.DialogCode.Accepted
    product = ctx.read(lambda s: catalog.product_by_code(s, "ARACH"))
    assert product.name == "Arachide coque"
    assert product.alert_threshold == Decimal(500)
    units = ctx.read(lambda s: catalog.product_units(s, product.id))
    assert [(u.code, u.plural, u.factor, u.calibrated_on) for u in units] == [
        ("SAC50", "sacs de 50 kg", Decimal(50), None),
        ("TINE", "tines", Decimal("17.5"), date(2026, 10, 1)),
    ]
    assert ctx.read(lambda s: catalog.quantity_to_base(s, product.id, "4", "TINE")) == Decimal(70)


def test_unit_line_checked_as_you_type(qtbot: QtBot, ctx: ViewContext) -> None:
    dialog = _show(qtbot, ProductDialog(ctx))
    qtbot.keyClicks(dialog.unit_factor, "17,5555")
    assert "17,5555" in dialog.unit_error.text()
    dialog.unit_factor.setText("50")
    assert dialog.unit_error.text() == ""
    dialog.unit_code.setText("kg")
    dialog.unit_name.setText("kilo")
    assert not dialog.add_unit()  # the base unit's code
    assert "kg" in dialog.unit_error.text()
    assert dialog.model.rowCount() == 0


def test_duplicate_code_refused_and_everything_typed_kept(qtbot: QtBot, ctx: ViewContext) -> None:
    dialog = _show(qtbot, ProductDialog(ctx))
    qtbot.keyClicks(dialog.code, "MIL")
    qtbot.keyClicks(dialog.name, "Mil local")
    dialog.unit_code.setText("TINE")
    dialog.unit_name.setText("tine")
    dialog.unit_factor.setText("17,5")
    qtbot.keyClick(dialog.code, RETURN, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter saves
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.text() == message(DomainError("product.duplicate_code", code="MIL"))
    assert "existe déjà" in dialog.error.text()
    assert (dialog.code.text(), dialog.name.text()) == ("MIL", "Mil local")
    assert dialog.model.rowCount() == 1  # the pending unit was put in the table, not lost


def test_add_a_unit_to_an_existing_product_and_deactivate_it(qtbot: QtBot, ctx: ViewContext) -> None:
    mil = ctx.read(lambda s: catalog.product_by_code(s, "MIL"))
    dialog = _show(qtbot, ProductDialog(ctx, mil))
    assert not dialog.code.isEnabled()
    dialog.unit_code.setText("TINE")
    dialog.unit_name.setText("tine")
    dialog.unit_factor.setText("17,5")
    dialog.unit_date.setText("15/09/2026")
    dialog.active.setChecked(False)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    after = ctx.read(lambda s: catalog.get_product(s, mil.id))
    assert not after.active
    assert after.units.to_base("2", "TINE") == Decimal(35)


def test_manager_sets_a_new_price_and_the_old_one_stays_listed(qtbot: QtBot, ctx: ViewContext, manager: Actor) -> None:
    ctx.workspace.actor = manager
    today = date.today()
    mil = ctx.read(lambda s: catalog.product_by_code(s, "MIL"))
    normal = next(p for p in ctx.read(catalog.list_price_lists) if p.code == "NORMAL")
    ctx.workspace.run(lambda s: catalog.set_price(s, normal.id, mil.id, "SAC100", 15_000, today - timedelta(days=90)))
    page = PricesPage(ctx)
    qtbot.addWidget(page)
    page.select_price_list(normal.id)
    assert page.price_list == normal
    assert page.new_price_button.isEnabled()
    dialog = _show(qtbot, PriceDialog(ctx, normal, "MIL", "SAC100"))
    assert dialog.current.text().replace("\u202f", " ").startswith("15 000")
    qtbot.keyClicks(dialog.amount, "16500")
    dialog.valid_from.setValue(today - timedelta(days=1))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    model = page.prices.model
    mil_rows = [model.row_at(i) for i in range(model.rowCount()) if model.row_at(i).product_code == "MIL"]
    assert [(r.amount, r.state_label) for r in mil_rows] == [(15_000, "Remplacé"), (16_500, "En vigueur")]
    shown = [model.index(i, 3).data().replace("\u202f", " ").replace("\u00a0", " ") for i in range(model.rowCount())]
    assert "16 500 F CFA" in shown
    assert "15 000 F CFA" in shown


def test_price_dialog_refuses_an_empty_amount_and_stays_open(qtbot: QtBot, ctx: ViewContext, manager: Actor) -> None:
    ctx.workspace.actor = manager
    normal = ctx.read(catalog.list_price_lists)[0]
    dialog = _show(qtbot, PriceDialog(ctx, normal))
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.findChild(type(dialog.error), "amount_error").text() != ""
    units = [dialog.unit.itemData(i) for i in range(dialog.unit.count())]
    product = dialog.product.currentData()
    assert set(units) == {u.code for u in product.units.units} | {product.base_unit}


def test_clerk_sees_prices_but_cannot_change_them(
    qtbot: QtBot, ctx: ViewContext, manager: Actor, clerk: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    normal = ctx.read(catalog.list_price_lists)[0]
    mil = ctx.read(lambda s: catalog.product_by_code(s, "MIL"))
    ctx.workspace.actor = manager
    ctx.workspace.run(lambda s: catalog.set_price(s, normal.id, mil.id, "SAC50", 8_000, date(2026, 1, 1)))
    ctx.workspace.actor = clerk
    page = PricesPage(ctx)
    qtbot.addWidget(page)
    assert page.prices.model.rowCount() == 1
    for button in (page.new_list_button, page.new_price_button):
        assert not button.isEnabled()
        assert "Agent de saisie" in button.toolTip()
    opened = []
    monkeypatch.setattr(PriceDialog, "create", classmethod(lambda cls, *a: opened.append(a)))
    page.new_price_like(page.prices.model.row_at(0))  # double-click on a price
    assert opened == []


def test_price_list_duplicate_code_kept_in_the_dialog(qtbot: QtBot, ctx: ViewContext, manager: Actor) -> None:
    ctx.workspace.actor = manager
    dialog = _show(qtbot, PriceListDialog(ctx))
    qtbot.keyClicks(dialog.code, "social")
    qtbot.keyClicks(dialog.name, "Prix social 2027")
    dialog.accept()
    assert dialog.isVisible()
    assert "SOCIAL" in dialog.error.text()
    dialog.code.setText("SOCIAL27")
    dialog.kind.setCurrentIndex(dialog.kind.findData("social"))
    dialog.eligibility.setText("Ménages vulnérables")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    created = next(p for p in ctx.read(catalog.list_price_lists) if p.code == "SOCIAL27")
    assert (created.kind, created.eligibility) == ("social", "Ménages vulnérables")


def test_create_a_warehouse(qtbot: QtBot, ctx: ViewContext) -> None:
    page = WarehousesPage(ctx)
    qtbot.addWidget(page)
    dialog = _show(qtbot, WarehouseDialog(ctx))
    _typed(qtbot, dialog, "KLB")
    dialog.name.setText("Banque de céréales de Kelbo")
    dialog.name.setFocus()
    _typed(qtbot, dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("banque_cereales"))
    _typed(qtbot, dialog)
    _typed(qtbot, dialog, "Kelbo")  # Enter on the last field saves
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [page.model.row_at(i).code for i in range(page.model.rowCount())] == ["CENTRE", "KLB"]


def test_commission_rule_with_a_percentage(qtbot: QtBot, ctx: ViewContext, manager: Actor) -> None:
    ctx.workspace.actor = manager
    page = LivestockPage(ctx)
    qtbot.addWidget(page)
    dialog = _show(qtbot, CommissionRuleDialog(ctx))
    qtbot.keyClicks(dialog.name, "Commission au pourcentage")
    dialog.kind.setCurrentIndex(dialog.kind.findData("pourcentage"))
    assert not dialog.amount.isEnabled()
    assert dialog.rate.isEnabled()
    qtbot.keyClicks(dialog.rate, "2,555")
    assert "2,555" in dialog.findChild(type(dialog.error), "rate_error").text()
    dialog.rate.clear()
    qtbot.keyClicks(dialog.rate, "2,5")
    assert dialog.findChild(type(dialog.error), "rate_error").text() == ""
    dialog.payer.setCurrentIndex(dialog.payer.findData("partage"))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    rule = ctx.read(livestock_ref.list_commission_rules)[-1]
    assert (rule.kind, rule.rate_bp, rule.amount, rule.payer, rule.species_code) == (
        "pourcentage",
        250,
        0,
        "partage",
        None,
    )
    model = page.rules_page.model
    assert [model.index(i, 3).data() for i in range(model.rowCount())] == ["2,5\u00a0%"]
    assert model.index(0, 2).data() == "toutes espèces"


def test_market_tax_history_and_permissions(qtbot: QtBot, ctx: ViewContext, manager: Actor, clerk: Actor) -> None:
    ctx.workspace.actor = clerk
    dialog = _show(qtbot, MarketDialog(ctx))
    qtbot.keyClicks(dialog.name, "Marche de Djibo")
    dialog.day.setCurrentIndex(dialog.day.findData("lundi"))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    market = ctx.read(livestock_ref.list_markets)[0]
    ctx.workspace.actor = manager
    for amount, start in ((1_000, date(2026, 1, 1)), (1_500, date.today())):
        tax = _show(qtbot, MarketTaxDialog(ctx, market.id, "bovin"))
        qtbot.keyClicks(tax.amount, str(amount))
        tax.valid_from.setValue(start)
        tax.accept()
        assert tax.result() == QDialog.DialogCode.Accepted
    taxes = ctx.read(livestock_ref.list_market_taxes)
    assert [(t.market, t.species, t.amount, t.state) for t in taxes] == [
        ("Marche de Djibo", "Bovins", 1_000, "replaced"),
        ("Marche de Djibo", "Bovins", 1_500, "current"),
    ]
    ctx.workspace.actor = clerk
    page = LivestockPage(ctx)
    qtbot.addWidget(page)
    assert page.taxes_page.model.rowCount() == 2
    for button in (page.new_tax_button, page.new_rule_button):
        assert not button.isEnabled()
        assert "Agent de saisie" in button.toolTip()
    assert page.add_breed_button.isEnabled()
    assert page.new_market_button.isEnabled()


def test_add_a_breed_and_refuse_a_duplicate(qtbot: QtBot, ctx: ViewContext) -> None:
    dialog = _show(qtbot, BreedDialog(ctx, "ovin"))
    assert dialog.focusWidget() is dialog.breed
    dialog.breed.setText("touareg")
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.error.text() == "La race « touareg » existe déjà pour les Ovins."
    dialog.breed.setText("Koundoum")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    ovin = next(s for s in ctx.read(livestock_ref.list_species) if s.code == "ovin")
    assert ovin.breeds[-1] == "Koundoum"


def test_a_price_announced_for_later_is_marked_to_come(qtbot: QtBot, ctx: ViewContext, manager: Actor) -> None:
    ctx.workspace.actor = manager
    normal = ctx.read(catalog.list_price_lists)[0]
    riz = ctx.read(lambda s: catalog.product_by_code(s, "RIZ"))
    later = date.today() + timedelta(days=10)
    ctx.workspace.run(lambda s: catalog.set_price(s, normal.id, riz.id, "SAC50", 20_000, later))
    page = PricesPage(ctx)
    qtbot.addWidget(page)
    row = page.prices.model.row_at(0)
    assert (row.unit_name, row.state_label) == ("sac de 50 kg", "À venir")
