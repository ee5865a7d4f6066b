"""Form to create or edit a party (tiers): identity, roles, contact, papers, credit limit; prints its sheet.

``PartyDialog.create(parent, ctx) -> id | None`` and ``PartyDialog.edit(parent, ctx, id) -> bool`` are the
entry points. The service validates; the form only pre-checks as the clerk types. A refusal (a duplicate
identity number…) keeps the dialog open with everything typed and shows the French message by the field.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from centre_app.domain.errors import DomainError, message
from centre_app.domain.permissions import Action
from centre_app.services import parties, printouts
from centre_app.services.parties import PartyDetail, PartyInput
from centre_app.views.context import ViewContext, show_error
from centre_app.views.i18n import N_, _
from centre_app.views.widgets.form_helpers import FormDialog
from centre_app.views.widgets.money_edit import MoneyEdit

KINDS = (("personne", N_("Person")), ("organisation", N_("Organisation")))
SEXES = ((None, "—"), ("F", N_("Female")), ("M", N_("Male")))
# Mirrors the service's check, for feedback while typing only (the service decides).
PHONE = re.compile(r"^\+?[0-9 .-]{6,20}$")
# Which row shows a service refusal (presentation only: the rule itself stays in the service).
REFUSAL_FIELDS = {
    "party.duplicate_identity": "identity",
    "party.id_number_without_type": "identity",
    "party.bad_id_type": "identity",
    "party.bad_phone": "phones",
    "party.bad_sex": "sex",
    "party.sex_for_person_only": "sex",
    "party.bad_role": "roles",
    "money.negative": "credit_limit",
}


def preview_pdf(parent: QWidget | None, pdf: bytes, title: str, filename: str) -> None:
    """Show a printout in the preview dialog (imported when first used: QtPdf is only loaded to print)."""
    from centre_app.views.pdf_preview import PdfPreviewDialog

    PdfPreviewDialog.preview(parent, pdf, title, filename)


def line_row(parent: QWidget, *parts: QWidget | str) -> QWidget:
    """Several inputs on one form row (« Type [..] N° [..] »); focus goes to the first one."""
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    first: QWidget | None = None
    for part in parts:
        if isinstance(part, str):
            row.addWidget(QLabel(part, box))
        else:
            row.addWidget(part, 1)
            first = first or part
    if first is not None:
        box.setFocusProxy(first)
    return box


def phone_problem(text: str) -> str:
    if text.strip() and not PHONE.match(text.strip()):
        return _("Telephone numbers have 6 to 20 digits (spaces, dots and dashes allowed).")
    return ""


class RowKeysMixin:
    """Enter inside a several-inputs row moves to the row's next input; on a check box it leaves the row."""

    _rows: dict[QWidget, list[QWidget]]

    def row_key(self, dialog: FormDialog, event: QKeyEvent) -> bool:
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier
        ):
            return False
        focus = dialog.focusWidget()
        for box, inputs in self._rows.items():
            if focus in inputs:
                following = [w for w in inputs[inputs.index(focus) + 1 :] if w.isEnabled()]
                if following and not isinstance(focus, QCheckBox):
                    following[0].setFocus(Qt.FocusReason.TabFocusReason)
                    return True
                fields = dialog._fields  # the base class keeps the ordered fields
                after = [f for f in fields[fields.index(box) + 1 :] if f.isEnabled() and f.isVisible()]
                if after:
                    after[0].setFocus(Qt.FocusReason.TabFocusReason)
                else:
                    dialog.accept()
                return True
        return False


class PartyDialog(RowKeysMixin, FormDialog):
    def __init__(self, ctx: ViewContext, detail: PartyDetail | None = None, parent: QWidget | None = None) -> None:
        title = _("New party") if detail is None else _("Party {code}").format(code=detail.code)
        super().__init__(parent, title, ok_text=_("Save"))
        self.ctx = ctx
        self.party_id = detail.id if detail else None
        self.code = detail.code if detail else ""
        self.active = detail.active if detail else True
        self._rows = {}
        self._touched: set[QWidget] = set()
        self.setMinimumWidth(720)

        self.name = self.add_field(_("Name / company name"), QLineEdit(), name="name", required=True)
        self.name.setMaxLength(200)
        self.kind = QComboBox()
        for key, label in KINDS:
            self.kind.addItem(_(label), key)
        self.add_field(_("Type"), self.kind, name="kind")
        self.role_boxes: dict[str, QCheckBox] = {}
        for key, label in parties.ROLES.items():
            box = QCheckBox(label)
            box.setObjectName(f"role_{key}")
            self.role_boxes[key] = box
        self.role_boxes["op"].setEnabled(False)  # an OP has its own form (legal form, members)
        self.role_boxes["op"].setToolTip(_("Producer organisations are created in the « Producer organisations » tab."))
        self.roles = self._add_roles()
        self.sex = QComboBox()
        for key, label in SEXES:
            self.sex.addItem(_(label), key)
        self.add_field(_("Sex"), self.sex, name="sex")
        self.id_type = QComboBox()
        self.id_type.setObjectName("id_type")
        self.id_type.addItem("—", None)
        for key, label in parties.ID_TYPES.items():
            self.id_type.addItem(label, key)
        self.id_number = QLineEdit()
        self.id_number.setObjectName("id_number")
        self.id_number.setMaxLength(40)
        self.identity = self._add_row(_("Identity document"), "identity", False, self.id_type, _("No."), self.id_number)
        self.phone, self.phone2 = QLineEdit(), QLineEdit()
        self.phone.setObjectName("phone")
        self.phone2.setObjectName("phone2")
        self.phone2.setPlaceholderText(_("second number"))
        self.phones = self._add_row(_("Telephones"), "phones", False, self.phone, self.phone2)
        self.village = self.add_field(_("Village"), QLineEdit(), name="village")
        self.commune, self.province = QLineEdit(), QLineEdit()
        self.commune.setObjectName("commune")
        self.province.setObjectName("province")
        self._add_row(_("Commune"), "place", False, self.commune, _("Province"), self.province)
        self.tax_id, self.rccm = QLineEdit(), QLineEdit()
        self.tax_id.setObjectName("tax_id")
        self.rccm.setObjectName("rccm")
        self._add_row(_("IFU / NIF"), "papers", False, self.tax_id, _("RCCM"), self.rccm)
        self.trader_card = self.add_field(_("Livestock trader card"), QLineEdit(), name="trader_card")
        self.credit_limit = self.add_field(_("Credit limit"), MoneyEdit(), name="credit_limit")
        self.notes = self.add_field(_("Notes"), QLineEdit(), name="notes")
        self.notes.setMaxLength(2000)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.form.addRow(_("Status"), self.status)
        self.form.setRowVisible(self.status, detail is not None)
        self._add_buttons(detail is not None)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for signal, widget in self._watched():
            signal.connect(lambda *_a, w=widget: self._changed(w))
        self.fill(detail.data if detail else PartyInput(name=""))
        if not ctx.can(Action.EDIT_MASTER_DATA):
            for button in (self.ok_button, self.toggle_button):
                button.setEnabled(False)
                button.setToolTip(ctx.why_not(Action.EDIT_MASTER_DATA))
        self.name.setFocus()

    # -- building ----------------------------------------------------------------------------------
    def _add_row(self, label: str, name: str, required: bool, *parts: QWidget | str) -> QWidget:
        box = self.add_field(label, line_row(self, *parts), name=name, required=required)
        self._rows[box] = [p for p in parts if isinstance(p, QWidget)]
        return box

    def _add_roles(self) -> QWidget:
        box = QWidget(self)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, check in enumerate(self.role_boxes.values()):
            grid.addWidget(check, i // 3, i % 3)
        box.setFocusProxy(self.role_boxes["producteur"])
        self.add_field(_("Roles"), box, name="roles", required=True)
        self._rows[box] = list(self.role_boxes.values())
        return box

    def _add_buttons(self, editing: bool) -> None:
        role = QDialogButtonBox.ButtonRole.ActionRole
        self.print_button = QPushButton(_("Print the sheet"))
        self.print_button.setObjectName("print_sheet")
        self.print_button.clicked.connect(self.print_sheet)
        self.toggle_button = QPushButton()
        self.toggle_button.setObjectName("toggle_active")
        self.toggle_button.clicked.connect(self.toggle_active)
        for button in (self.print_button, self.toggle_button):
            button.setAutoDefault(False)
            self.buttons.addButton(button, role)
            button.setVisible(editing)

    def _watched(self) -> list[tuple[object, QWidget]]:
        boxes = [(b.toggled, self.roles) for b in self.role_boxes.values()]
        return [
            (self.name.textChanged, self.name),
            (self.id_number.textChanged, self.identity),
            (self.id_type.currentIndexChanged, self.identity),
            (self.phone.textChanged, self.phones),
            (self.phone2.textChanged, self.phones),
            (self.credit_limit.textChanged, self.credit_limit),
            *boxes,
        ]

    # -- data --------------------------------------------------------------------------------------
    def fill(self, data: PartyInput) -> None:
        self.name.setText(data.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(data.kind)))
        self.kind.setEnabled(self.party_id is None)  # the service keeps a party's type
        for key, box in self.role_boxes.items():
            box.setChecked(key in data.roles)
        self.sex.setCurrentIndex(max(0, self.sex.findData(data.sex)))
        self.id_type.setCurrentIndex(max(0, self.id_type.findData(data.id_type)))
        self.id_number.setText(data.id_number or "")
        for widget, value in (
            (self.phone, data.phone), (self.phone2, data.phone2), (self.village, data.village),
            (self.commune, data.commune), (self.province, data.province), (self.tax_id, data.tax_id),
            (self.rccm, data.rccm), (self.trader_card, data.trader_card), (self.notes, data.notes),
        ):  # fmt: skip
            widget.setText(value)
        self.credit_limit.setValue(data.credit_limit)
        self._kind_changed()
        self._show_status()
        self._touched.clear()
        self.clear_errors()

    def value(self) -> PartyInput:
        person = self.kind.currentData() == "personne"
        return PartyInput(
            name=self.name.text(),
            kind=self.kind.currentData(),
            roles=tuple(k for k, box in self.role_boxes.items() if box.isChecked()),
            sex=self.sex.currentData() if person else None,
            village=self.village.text(),
            commune=self.commune.text(),
            province=self.province.text(),
            phone=self.phone.text(),
            phone2=self.phone2.text(),
            id_type=self.id_type.currentData(),
            id_number=self.id_number.text() or None,
            tax_id=self.tax_id.text(),
            rccm=self.rccm.text(),
            trader_card=self.trader_card.text(),
            credit_limit=self.credit_limit.value(),
            notes=self.notes.text(),
        )

    # -- feedback as you type ----------------------------------------------------------------------
    def problems(self) -> dict[QWidget, str]:
        found: dict[QWidget, str] = {}
        if not self.name.text().strip():
            found[self.name] = _("Type the name.")
        if not any(box.isChecked() for box in self.role_boxes.values()):
            found[self.roles] = _("Tick at least one role.")
        if self.id_number.text().strip() and self.id_type.currentData() is None:
            found[self.identity] = _("Choose the type of the identity document.")
        phone = phone_problem(self.phone.text()) or phone_problem(self.phone2.text())
        if phone:
            found[self.phones] = phone
        if self.credit_limit.error():
            found[self.credit_limit] = self.credit_limit.error()
        return found

    def _changed(self, widget: QWidget) -> None:
        self._touched.add(widget)
        found = self.problems()
        for field in self._touched:
            self.field_error_label(field).setText(found.get(field, ""))

    def _kind_changed(self) -> None:
        person = self.kind.currentData() == "personne"
        self.sex.setEnabled(person)

    def _show_status(self) -> None:
        self.status.setText(_("Active") if self.active else _("Inactive: hidden from the lists and the pickers"))
        self.toggle_button.setText(_("Deactivate") if self.active else _("Reactivate"))

    # -- actions -----------------------------------------------------------------------------------
    def accept(self) -> None:
        self.clear_errors()
        found = self.problems()
        if found:
            for widget, text in reversed(found.items()):  # the first faulty field ends with the focus
                self.show_field_error(widget, text)
            return
        data, party_id = self.value(), self.party_id
        try:
            if party_id is None:
                row = self.ctx.workspace.run(lambda s: parties.create_party(s, data))
            else:
                row = self.ctx.workspace.run(lambda s: parties.update_party(s, party_id, data))
        except DomainError as err:
            self.show_refusal(err)
            return
        self.party_id = row.id
        self.ctx.changed.emit({"parties"})
        super().accept()

    def show_refusal(self, err: DomainError) -> None:
        name = REFUSAL_FIELDS.get(err.code)
        if err.code == "field.required":
            name = "roles" if err.params.get("field") == "Rôle" else "name"
        field = self.findChild(QWidget, name) if name else None
        if field is None:
            self.show_error(message(err))
        else:
            self.show_field_error(field, message(err))

    def toggle_active(self) -> None:
        party_id, wanted = self.party_id, not self.active
        if party_id is None:
            return
        try:
            self.ctx.workspace.run(lambda s: parties.set_party_active(s, party_id, wanted))
        except DomainError as err:
            self.show_error(message(err))
            return
        self.active = wanted
        self._show_status()
        self.ctx.changed.emit({"parties"})

    def print_sheet(self) -> None:
        party_id = self.party_id
        if party_id is None:
            return
        try:
            pdf = self.ctx.read(lambda s: printouts.party_sheet_pdf(s, party_id))
        except DomainError as err:
            show_error(self, err)
            return
        title = _("Party sheet {code}").format(code=self.code)
        preview_pdf(self, pdf, title, _("party-sheet-{code}.pdf").format(code=self.code))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.row_key(self, event):
            super().keyPressEvent(event)

    # -- entry points ------------------------------------------------------------------------------
    @classmethod
    def create(cls, parent: QWidget | None, ctx: ViewContext) -> int | None:
        dialog = cls(ctx, None, parent)
        return dialog.party_id if dialog.exec() == QDialog.DialogCode.Accepted else None

    @classmethod
    def edit(cls, parent: QWidget | None, ctx: ViewContext, party_id: int) -> bool:
        try:
            detail = ctx.read(lambda s: parties.get_party(s, party_id))
        except DomainError as err:
            show_error(parent, err)
            return False
        return cls(ctx, detail, parent).exec() == QDialog.DialogCode.Accepted
