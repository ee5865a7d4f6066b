"""The shared entry widgets, driven from the keyboard as a clerk would (ASCII keystrokes only)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from centre_app.domain.quantity import PackagingUnit, UnitSet
from centre_app.services import parties
from centre_app.services.parties import PartyInput
from centre_app.services.workspace import Workspace
from centre_app.views.context import ViewContext
from centre_app.views.widgets.date_edit import DateEdit
from centre_app.views.widgets.form_helpers import FormDialog, error_label
from centre_app.views.widgets.money_edit import MoneyEdit
from centre_app.views.widgets.party_picker import PartyPicker
from centre_app.views.widgets.quantity_edit import QuantityEdit

MAIZE = UnitSet(
    "kg",
    "kg",
    "kg",
    (
        PackagingUnit("SAC50", "sac de 50 kg", "sacs de 50 kg", Decimal(50)),
        PackagingUnit("SAC100", "sac de 100 kg", "sacs de 100 kg", Decimal(100)),
    ),
)


def _shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.setFocus()
    return widget


# --- MoneyEdit ------------------------------------------------------------------------------------


def test_money_groups_thousands_as_you_type(qtbot: QtBot) -> None:
    edit = _shown(qtbot, MoneyEdit())
    values: list[object] = []
    edit.valueChanged.connect(values.append)
    qtbot.keyClicks(edit, "1250500")
    assert edit.text() == "1 250 500"
    assert edit.value() == 1_250_500
    assert edit.error() == ""
    assert edit.cursorPosition() == len(edit.text())
    assert values[-1] == 1_250_500
    assert edit.alignment() & Qt.AlignmentFlag.AlignRight


def test_money_keeps_the_cursor_beside_its_digit(qtbot: QtBot) -> None:
    edit = _shown(qtbot, MoneyEdit())
    qtbot.keyClicks(edit, "1250500")
    edit.setCursorPosition(2)  # « 1 |250 500 »
    qtbot.keyClicks(edit, "9")
    assert edit.text() == "19 250 500"
    assert edit.cursorPosition() == 2  # right after the 9
    edit.setCursorPosition(3)  # « 19 |250 500 »: Backspace removes the 9, not the group space
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert edit.text() == "1 250 500"
    assert edit.value() == 1_250_500


def test_money_refuses_letters(qtbot: QtBot) -> None:
    edit = _shown(qtbot, MoneyEdit())
    refusals: list[str] = []
    edit.refused.connect(refusals.append)
    qtbot.keyClicks(edit, "12abc5")
    assert edit.text() == "125"
    assert edit.value() == 125
    assert refusals == ["Seuls des chiffres sont acceptés ici."] * 3


def test_money_refuses_centimes_in_cfa(qtbot: QtBot) -> None:
    edit = _shown(qtbot, MoneyEdit())
    refusals: list[str] = []
    edit.refused.connect(refusals.append)
    qtbot.keyClicks(edit, "12,5")
    assert edit.text() == "125"  # the comma was refused as typed…
    assert refusals == ["Pas de décimales en F CFA : tapez un montant entier."]
    edit.setText("12,5")  # …and a pasted or programmatic one gives a French error
    assert edit.value() is None
    assert edit.error() == "Le montant « 12,5 » n'est pas un nombre entier de francs."


def test_money_with_centimes(qtbot: QtBot) -> None:
    edit = _shown(qtbot, MoneyEdit(currency="MAD"))
    qtbot.keyClicks(edit, "1234,5")
    assert edit.text() == "1 234,5"
    assert edit.value() == 123_450
    qtbot.keyClicks(edit, "67")  # a third decimal is refused
    assert edit.text() == "1 234,56"
    assert edit.refusal() == "Au plus 2 décimales."
    edit.setValue(99_900)
    assert edit.text() == "999,00"
    edit.clear()
    qtbot.keyClicks(edit, "3.5")  # numeric keypad dot
    assert edit.text() == "3,5"
    assert edit.value() == 350


def test_money_set_value_zero_and_empty(qtbot: QtBot) -> None:
    edit = _shown(qtbot, MoneyEdit())
    edit.setValue(5000)
    assert edit.text() == "5 000"
    edit.setValue(None)
    assert edit.text() == ""
    assert edit.value() is None
    assert edit.error() == ""
    edit.setValue(0)
    assert edit.error() == ""
    edit.setAllowZero(False)
    assert not edit.allowZero()
    assert edit.error() == "Le montant doit être supérieur à zéro."


# --- QuantityEdit ---------------------------------------------------------------------------------


def test_quantity_in_sacks_gives_the_base_quantity(qtbot: QtBot) -> None:
    edit = _shown(qtbot, QuantityEdit())
    edit.set_units(MAIZE, product="Maïs")
    changes: list[None] = []
    edit.changed.connect(lambda: changes.append(None))
    assert edit.unit() == "SAC50"  # the preferred packaging unit first
    qtbot.keyClicks(edit.number, "12")
    assert edit.quantity() == Decimal(12)
    assert edit.base_quantity() == Decimal(600)
    assert edit.hint_text() == "12\u00a0sacs de 50 kg (600\u00a0kg)"
    assert edit.error() == ""
    assert changes
    qtbot.keyClick(edit.number, Qt.Key.Key_Tab)  # to the unit list, then choose with the keyboard
    assert edit.unit_combo.hasFocus()
    qtbot.keyClick(edit.unit_combo, Qt.Key.Key_Down)
    assert edit.unit() == "SAC100"
    assert edit.base_quantity() == Decimal(1200)


def test_quantity_with_a_decimal_comma_and_letters_refused(qtbot: QtBot) -> None:
    edit = _shown(qtbot, QuantityEdit(unit_set=MAIZE))
    qtbot.keyClicks(edit.number, "1x2,5")
    assert edit.number.text() == "12,5"
    assert edit.quantity() == Decimal("12.5")
    assert edit.base_quantity() == Decimal(625)
    assert edit.set_unit("kg")
    edit.number.setText("0,0001")
    assert edit.base_quantity() is None
    assert "décimales" in edit.error()


def test_quantity_offers_only_the_units_of_the_product(qtbot: QtBot) -> None:
    edit = _shown(qtbot, QuantityEdit(unit_set=MAIZE))
    codes = [edit.unit_combo.itemData(i) for i in range(edit.unit_combo.count())]
    assert codes == ["SAC50", "SAC100", "kg"]
    assert not edit.set_unit("tonne")
    assert edit.unit() == "SAC50"
    edit.unit_combo.setFocus()
    qtbot.keyClicks(edit.unit_combo, "t")  # keyboard search finds no « tonne »
    assert edit.unit() in codes
    assert edit.unit_combo.findData("tonne") == -1


# --- DateEdit -------------------------------------------------------------------------------------


def test_date_typed_from_the_keyboard(qtbot: QtBot) -> None:
    edit = _shown(qtbot, DateEdit(value=date(2026, 1, 5)))
    edit.setSelectedSection(DateEdit.Section.DaySection)
    qtbot.keyClicks(edit, "22/11/2026")
    assert edit.text() == "22/11/2026"
    assert edit.value() == date(2026, 11, 22)
    edit.setValue(date(2026, 1, 5))
    edit.setSelectedSection(DateEdit.Section.DaySection)
    qtbot.keyClicks(edit, "03022026")  # without slashes: each full section jumps to the next
    assert edit.value() == date(2026, 2, 3)
    edit.setSelectedSection(DateEdit.Section.DaySection)
    qtbot.keyClicks(edit, "1/4/26")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.value() == date(2026, 4, 1)


def test_date_today_key_french_calendar_and_bounds(qtbot: QtBot) -> None:
    edit = _shown(qtbot, DateEdit(value=date(2026, 1, 5), maximum=date.today()))
    qtbot.keyClick(edit, Qt.Key.Key_T)
    assert edit.value() == date.today()
    assert edit.displayFormat() == "dd/MM/yyyy"
    calendar = edit.calendarWidget()
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday
    assert calendar.locale().name() == "fr_BF"
    assert calendar.locale().monthName(11) == "novembre"
    edit.setValue(date.today() + timedelta(days=30))
    assert edit.value() == date.today()  # the maximum holds


def test_date_calendar_opens_from_the_keyboard(qtbot: QtBot) -> None:
    edit = _shown(qtbot, DateEdit(value=date(2026, 11, 22)))
    qtbot.keyClick(edit, Qt.Key.Key_F4)
    calendar = edit.calendarWidget()
    qtbot.waitUntil(calendar.isVisible, timeout=2000)
    focus = QApplication.focusWidget()
    qtbot.keyClick(focus, Qt.Key.Key_Right)  # the next day…
    qtbot.keyClick(focus, Qt.Key.Key_Return)  # …chosen with Enter
    assert edit.value() == date(2026, 11, 23)
    assert not calendar.isVisible()


# --- PartyPicker ----------------------------------------------------------------------------------


@pytest.fixture
def ctx(workspace: Workspace) -> ViewContext:
    def work(s) -> None:
        parties.create_party(s, PartyInput(name="DIALLO Amadou", village="Mentao"))
        parties.create_party(s, PartyInput(name="SIDIBÉ Fatimata", village="Lörgo", phone="70 11 22 33"))
        parties.create_party(s, PartyInput(name="SIDIBÉ Oumarou", village="Djibo"))
        parties.create_party(s, PartyInput(name="Union Sidibé", kind="organisation", roles=("op",)))

    workspace.run(work)
    return ViewContext(workspace)


def test_party_picker_finds_without_accents_and_chooses_with_the_keyboard(qtbot: QtBot, ctx: ViewContext) -> None:
    picker = _shown(qtbot, PartyPicker(ctx, role="producteur"))
    chosen: list[int] = []
    picker.partyChosen.connect(chosen.append)
    qtbot.keyClicks(picker, "sidibe fa")
    qtbot.waitUntil(picker.popup_visible, timeout=2000)
    labels = [picker.model.item(i).text() for i in range(picker.model.rowCount())]
    assert len(labels) == 1
    assert labels[0].endswith(" — SIDIBÉ Fatimata (Lörgo)")
    assert picker.party_id() is None
    qtbot.keyClick(picker.completer_.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(picker.completer_.popup(), Qt.Key.Key_Return)
    assert picker.party_id() is not None
    assert chosen == [picker.party_id()]
    assert picker.text() == labels[0]
    assert not picker.popup_visible()
    assert picker.error() == ""


def test_party_picker_role_filter_and_clearing(qtbot: QtBot, ctx: ViewContext) -> None:
    picker = _shown(qtbot, PartyPicker(ctx, role="producteur"))
    qtbot.keyClicks(picker, "sidibe")
    qtbot.waitUntil(lambda: picker.model.rowCount() == 2, timeout=2000)  # the OP « Union Sidibé » is left out
    qtbot.keyClick(picker.completer_.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(picker.completer_.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(picker.completer_.popup(), Qt.Key.Key_Return)
    assert "SIDIBÉ Oumarou" in picker.text()
    assert picker.party_id() is not None
    cleared: list[None] = []
    picker.partyCleared.connect(lambda: cleared.append(None))
    picker.selectAll()
    qtbot.keyClick(picker, Qt.Key.Key_Backspace)
    assert picker.text() == ""
    assert picker.party_id() is None
    assert cleared == [None]
    picker.set_role("op")
    qtbot.keyClicks(picker, "sidibe")
    qtbot.keyClick(picker, Qt.Key.Key_Return)  # one match only: Enter takes it at once
    assert picker.text().endswith("Union Sidibé")
    assert picker.party_id() is not None


def test_party_picker_text_without_choice_is_an_error(qtbot: QtBot, ctx: ViewContext) -> None:
    picker = _shown(qtbot, PartyPicker(ctx))
    picker.set_party(42, "T0042 — KONÉ Awa")
    assert picker.party_id() == 42
    qtbot.keyClicks(picker, "x")
    assert picker.party_id() is None
    assert picker.error() == "Choisissez un tiers dans la liste."
    picker.clear()
    assert picker.error() == ""


# --- FormDialog -----------------------------------------------------------------------------------


class _Dialog(FormDialog):
    def __init__(self) -> None:
        super().__init__(None, "Essai")
        self.accepted_count = 0
        self.name = self.add_field("Nom", QLineEdit(), name="name", required=True)
        self.price = self.add_field("Prix", MoneyEdit(), name="price")

    def accept(self) -> None:
        self.accepted_count += 1
        self.clear_errors()
        if not self.name.text().strip():
            self.show_field_error(self.name, "Le nom est obligatoire.")
            return
        super().accept()


def test_error_label_is_red_and_hidden_while_empty(qtbot: QtBot) -> None:
    parent = _shown(qtbot, QWidget())
    label = error_label(parent, "price_error")
    assert label.objectName() == "price_error"
    assert "#b00020" in label.styleSheet()
    assert label.isHidden()
    label.setText("Montant invalide.")
    assert not label.isHidden()
    label.clear()
    assert label.isHidden()


def test_form_dialog_keyboard(qtbot: QtBot) -> None:
    dialog = _shown(qtbot, _Dialog())
    assert dialog.ok_button.text() == "OK"
    assert dialog.buttons.button(dialog.buttons.StandardButton.Cancel).text() == "Annuler"
    assert [dialog.form.itemAt(i, dialog.form.ItemRole.LabelRole).widget().text() for i in range(2)] == [
        "Nom *",
        "Prix",
    ]
    dialog.name.setFocus()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter moves to the next field
    assert dialog.price.hasFocus()
    qtbot.keyClick(dialog.price, Qt.Key.Key_Return)  # Enter on the last field validates: name missing
    assert dialog.accepted_count == 1
    assert dialog.isVisible()
    assert dialog.findChild(QWidget, "name_error").text() == "Le nom est obligatoire."
    assert dialog.name.hasFocus()
    assert dialog.has_errors()
    qtbot.keyClicks(dialog.name, "KONE")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter validates
    assert dialog.accepted_count == 2
    assert dialog.result() == FormDialog.DialogCode.Accepted
    assert not dialog.has_errors()


def test_form_dialog_enter_in_the_picker_list_chooses_without_validating(qtbot: QtBot, ctx: ViewContext) -> None:
    dialog = _Dialog()
    picker = dialog.add_field("Producteur", PartyPicker(ctx), name="party")
    dialog.name.setText("KONE")
    _shown(qtbot, dialog)
    picker.setFocus()
    qtbot.keyClicks(picker, "diallo")
    qtbot.waitUntil(picker.popup_visible, timeout=2000)
    qtbot.keyClick(picker.completer_.popup(), Qt.Key.Key_Down)
    qtbot.keyClick(picker.completer_.popup(), Qt.Key.Key_Return)
    assert picker.party_id() is not None
    assert dialog.isVisible()
    assert dialog.accepted_count == 0
    qtbot.keyClick(picker, Qt.Key.Key_Return)  # Enter on the last field, choice made: validates
    assert dialog.accepted_count == 1
    assert dialog.result() == FormDialog.DialogCode.Accepted


def test_form_dialog_escape_cancels(qtbot: QtBot) -> None:
    dialog = _shown(qtbot, _Dialog())
    dialog.show_error("Refusé par le service.")
    assert dialog.error.text() == "Refusé par le service."
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert dialog.result() == FormDialog.DialogCode.Rejected
    assert not dialog.isVisible()
    assert dialog.accepted_count == 0
