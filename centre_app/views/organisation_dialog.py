"""Form of a producer organisation (OP): identity, legal facts, place in the nesting, members tab.

``OrganisationDialog.create(parent, ctx) -> id | None`` and ``OrganisationDialog.edit(parent, ctx, id) -> bool``.
Everything typed, members included, is saved by one service call when the clerk presses « Save »; a
refusal keeps the dialog open with its data and shows the French message beside the faulty field.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from centre_app.domain.errors import DomainError, message
from centre_app.domain.permissions import Action
from centre_app.services import organisations, parties, printouts
from centre_app.services.organisations import OrganisationDetail, OrganisationInput, OrganisationLink
from centre_app.services.parties import PartyInput
from centre_app.views.context import ViewContext, show_error
from centre_app.views.i18n import _
from centre_app.views.organisation_members import MembersPanel, OptionalDateEdit
from centre_app.views.party_dialog import RowKeysMixin, line_row, phone_problem, preview_pdf
from centre_app.views.widgets.form_helpers import FormDialog
from centre_app.views.widgets.party_picker import PartyPicker

REFUSAL_FIELDS = {
    "org.bad_legal_form": "legal_form",
    "org.cycle": "parent",
    "org.not_an_organisation": "parent",
    "party.bad_phone": "phones",
    "field.required": "name",
    "field.too_long": "name",
}
MEMBER_REFUSALS = {"org.already_member", "org.member_is_self"}


def link_text(link: OrganisationLink) -> str:
    return f"{link.name} ({link.legal_form_label})"


class OrganisationDialog(RowKeysMixin, FormDialog):
    def __init__(
        self,
        ctx: ViewContext,
        detail: OrganisationDetail | None = None,
        party: PartyInput | None = None,
        parent: QWidget | None = None,
        active: bool = True,
    ) -> None:
        title = _("New producer organisation") if detail is None else _("Organisation {code}").format(code=detail.code)
        super().__init__(parent, title, ok_text=_("Save"))
        self.ctx = ctx
        self.party_id = detail.party_id if detail else None
        self.code = detail.code if detail else ""
        self.active = active
        self.party = party or PartyInput(name="", kind="organisation", roles=("op",))
        self._rows = {}
        self._touched: set[QWidget] = set()
        self._children: tuple[OrganisationLink, ...] = ()
        self._tabs()
        self._fields_()
        self.members = MembersPanel(ctx, self.party_id, self)
        self.tabs.addTab(self.members, "")
        self.members.changed.connect(self._members_title)
        self._add_buttons(detail is not None)
        self.fill(self.party, detail)
        if not ctx.can(Action.EDIT_MASTER_DATA):
            reason = ctx.why_not(Action.EDIT_MASTER_DATA)
            for button in (self.ok_button, self.toggle_button):
                button.setEnabled(False)
                button.setToolTip(reason)
            self.members.set_editable(False, reason)
        self.setMinimumSize(860, 560)
        self.name.setFocus()

    # -- building ----------------------------------------------------------------------------------
    def _tabs(self) -> None:
        """The base class puts its form at the top of the dialog: move it into the first tab."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.removeItem(self.form)
        for i in reversed(range(layout.count())):
            if layout.itemAt(i).spacerItem() is not None:  # the tabs take the height instead
                layout.takeAt(i)
        page = QWidget(self)
        column = QVBoxLayout(page)
        column.addLayout(self.form)
        column.addStretch(1)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.addTab(page, _("&Identification"))
        layout.insertWidget(0, self.tabs, 1)

    def _fields_(self) -> None:
        self.name = self.add_field(_("Organisation name"), QLineEdit(), name="name", required=True)
        self.name.setMaxLength(200)
        self.legal_form = QComboBox()
        for key, label in organisations.LEGAL_FORMS.items():
            self.legal_form.addItem(label, key)
        self.add_field(_("Legal form"), self.legal_form, name="legal_form", required=True)
        self.registration = QLineEdit()
        self.registration.setObjectName("registration_number")
        self.founded_on = OptionalDateEdit()
        self.founded_on.setObjectName("founded_on")
        self.founded_on.setMaximumWidth(130)
        self._add_row(
            _("Receipt / registration No."), "registration", self.registration, _("Created on"), self.founded_on
        )
        self.seat = self.add_field(_("Seat"), QLineEdit(), name="seat")
        self.village = self.add_field(_("Village"), QLineEdit(), name="village")
        self.commune, self.province = QLineEdit(), QLineEdit()
        self.commune.setObjectName("commune")
        self.province.setObjectName("province")
        self._add_row(_("Commune"), "place", self.commune, _("Province"), self.province)
        self.phone, self.phone2 = QLineEdit(), QLineEdit()
        self.phone.setObjectName("phone")
        self.phone2.setObjectName("phone2")
        self.phone2.setPlaceholderText(_("second number"))
        self.phones = self._add_row(_("Telephones"), "phones", self.phone, self.phone2)
        self.tax_id, self.rccm = QLineEdit(), QLineEdit()
        self.tax_id.setObjectName("tax_id")
        self.rccm.setObjectName("rccm")
        self._add_row(_("IFU / NIF"), "papers", self.tax_id, _("RCCM"), self.rccm)
        self.legal_rep = self.add_field(_("Legal representative"), PartyPicker(self.ctx, self), name="legal_rep")
        self.parent_org = self.add_field(
            _("Union / parent organisation"), PartyPicker(self.ctx, self, role="op"), name="parent"
        )
        self.nesting = QLabel(self)
        self.nesting.setObjectName("nesting")
        self.nesting.setWordWrap(True)
        self.form.addRow(_("Nesting"), self.nesting)
        self.notes = self.add_field(_("Notes"), QLineEdit(), name="notes")
        self.notes.setMaxLength(2000)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.form.addRow(_("Status"), self.status)
        self.name.textChanged.connect(lambda: self._changed(self.name))
        self.phone.textChanged.connect(lambda: self._changed(self.phones))
        self.phone2.textChanged.connect(lambda: self._changed(self.phones))
        self.legal_rep.textChanged.connect(lambda: self._changed(self.legal_rep))
        self.parent_org.textChanged.connect(lambda: self._changed(self.parent_org))
        self.parent_org.partyChosen.connect(self._parent_chosen)
        self.parent_org.partyCleared.connect(lambda: self._show_nesting(None))

    def _add_row(self, label: str, name: str, *parts: QWidget | str) -> QWidget:
        box = self.add_field(label, line_row(self, *parts), name=name)
        self._rows[box] = [p for p in parts if isinstance(p, QWidget)]
        return box

    def _add_buttons(self, editing: bool) -> None:
        self.print_button = QPushButton(_("List of members"))
        self.print_button.setObjectName("print_members")
        self.print_button.setAutoDefault(False)
        self.print_button.setToolTip(_("Prints the list as saved."))
        self.print_button.clicked.connect(self.print_members)
        self.toggle_button = QPushButton()
        self.toggle_button.setObjectName("toggle_active")
        self.toggle_button.setAutoDefault(False)
        self.toggle_button.clicked.connect(self.toggle_active)
        for button in (self.print_button, self.toggle_button):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.setVisible(editing)
        self.form.setRowVisible(self.status, editing)
        self._show_status()

    def _show_status(self) -> None:
        self.status.setText(_("Active") if self.active else _("Inactive: hidden from the lists and the pickers"))
        self.toggle_button.setText(_("Deactivate") if self.active else _("Reactivate"))

    # -- data --------------------------------------------------------------------------------------
    def fill(self, party: PartyInput, detail: OrganisationDetail | None) -> None:
        self.name.setText(party.name)
        for widget, value in (
            (self.village, party.village), (self.commune, party.commune), (self.province, party.province),
            (self.phone, party.phone), (self.phone2, party.phone2), (self.tax_id, party.tax_id),
            (self.rccm, party.rccm), (self.notes, party.notes),
        ):  # fmt: skip
            widget.setText(value)
        if detail is not None:
            self.legal_form.setCurrentIndex(max(0, self.legal_form.findData(detail.legal_form)))
            self.registration.setText(detail.registration_number)
            self.founded_on.set_optional(detail.founded_on)
            self.seat.setText(detail.seat)
            self.legal_rep.set_party(detail.legal_rep_id, detail.legal_rep)
            self.parent_org.set_party(detail.parent_id, detail.parent)
            self.members.model.set_rows(list(detail.members))
        else:
            self.legal_form.setCurrentIndex(max(0, self.legal_form.findData("groupement")))
        self._children = detail.child_orgs if detail else ()
        self._show_nesting(detail.ancestors if detail else ())
        self._members_title()
        self._touched.clear()
        self.clear_errors()

    def value(self) -> tuple[PartyInput, OrganisationInput]:
        party = replace(
            self.party,
            name=self.name.text(),
            village=self.village.text(),
            commune=self.commune.text(),
            province=self.province.text(),
            phone=self.phone.text(),
            phone2=self.phone2.text(),
            tax_id=self.tax_id.text(),
            rccm=self.rccm.text(),
            notes=self.notes.text(),
        )
        data = OrganisationInput(
            legal_form=self.legal_form.currentData(),
            registration_number=self.registration.text(),
            founded_on=self.founded_on.optional(),
            seat=self.seat.text(),
            legal_rep_id=self.legal_rep.party_id(),
            parent_id=self.parent_org.party_id(),
        )
        return party, data

    # -- feedback as you type ----------------------------------------------------------------------
    def problems(self) -> dict[QWidget, str]:
        found: dict[QWidget, str] = {}
        if not self.name.text().strip():
            found[self.name] = _("Type the name.")
        phone = phone_problem(self.phone.text()) or phone_problem(self.phone2.text())
        if phone:
            found[self.phones] = phone
        for picker in (self.legal_rep, self.parent_org):
            if picker.error():
                found[picker] = picker.error()
        return found

    def _changed(self, widget: QWidget) -> None:
        self._touched.add(widget)
        found = self.problems()
        for field in self._touched:
            self.field_error_label(field).setText(found.get(field, ""))

    def _parent_chosen(self, parent_id: int) -> None:
        try:
            parent = self.ctx.read(lambda s: organisations.get_organisation(s, parent_id))
        except DomainError as err:
            self.show_field_error(self.parent_org, message(err))
            return
        link = OrganisationLink(parent.party_id, parent.code, parent.name, parent.legal_form_label)
        self._show_nesting((link, *parent.ancestors))

    def _show_nesting(self, ancestors: tuple[OrganisationLink, ...] | None) -> None:
        lines = []
        if ancestors:
            chain = " › ".join(link_text(a) for a in reversed(ancestors))
            lines.append(_("Belongs to: {chain}").format(chain=chain))
        if self._children:
            names = ", ".join(c.name for c in self._children)
            lines.append(_("Member organisations ({n}): {names}").format(n=len(self._children), names=names))
        self.nesting.setText("\n".join(lines) or _("Not attached to a union; no member organisation."))

    def _members_title(self) -> None:
        n = self.members.model.rowCount()
        self.tabs.setTabText(1, _("&Members ({n})").format(n=n))

    # -- actions -----------------------------------------------------------------------------------
    def accept(self) -> None:
        self.clear_errors()
        self.members.error.clear()
        found = self.problems()
        if found:
            self.tabs.setCurrentIndex(0)
            for widget, text in reversed(found.items()):
                self.show_field_error(widget, text)
            return
        (party, data), members = self.value(), self.members.model.inputs()
        party_id = self.party_id
        try:
            row = self.ctx.workspace.run(lambda s: organisations.save_organisation(s, party_id, party, data, members))
        except DomainError as err:
            self.show_refusal(err)
            return
        self.party_id = row.id
        self.ctx.changed.emit({"parties", "organisations"})
        super().accept()

    def show_refusal(self, err: DomainError) -> None:
        if err.code in MEMBER_REFUSALS:
            self.tabs.setCurrentWidget(self.members)
            self.members.error.setText(message(err))
            return
        name = REFUSAL_FIELDS.get(err.code)
        if err.code == "not_found" and err.params.get("entity") == "Représentant légal":
            name = "legal_rep"
        field = self.findChild(QWidget, name) if name else None
        if field is None:
            self.show_error(message(err))
            return
        self.tabs.setCurrentIndex(0)
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
        self.ctx.changed.emit({"parties", "organisations"})

    def print_members(self) -> None:
        party_id = self.party_id
        if party_id is None:
            return
        try:
            pdf = self.ctx.read(lambda s: printouts.members_list_pdf(s, party_id))
        except DomainError as err:
            show_error(self, err)
            return
        title = _("List of members {code}").format(code=self.code)
        preview_pdf(self, pdf, title, _("members-{code}.pdf").format(code=self.code))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.row_key(self, event):
            super().keyPressEvent(event)

    # -- entry points ------------------------------------------------------------------------------
    @classmethod
    def load(cls, ctx: ViewContext, party_id: int, parent: QWidget | None = None) -> OrganisationDialog:
        detail, party = ctx.read(
            lambda s: (organisations.get_organisation(s, party_id), parties.get_party(s, party_id))
        )
        return cls(ctx, detail, party.data, parent, party.active)

    @classmethod
    def create(cls, parent: QWidget | None, ctx: ViewContext) -> int | None:
        dialog = cls(ctx, None, None, parent)
        return dialog.party_id if dialog.exec() == QDialog.DialogCode.Accepted else None

    @classmethod
    def edit(cls, parent: QWidget | None, ctx: ViewContext, party_id: int) -> bool:
        try:
            dialog = cls.load(ctx, party_id, parent)
        except DomainError as err:
            show_error(parent, err)
            return False
        return dialog.exec() == QDialog.DialogCode.Accepted
