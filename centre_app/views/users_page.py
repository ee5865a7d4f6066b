"""Administration › Users: the accounts, a new user, password reset, unlocking, (de)activation.

The services decide (administrator only, password length, at least one active administrator);
this page shows their French refusals and keeps whatever was typed.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QMessageBox, QWidget

from centre_app.domain.errors import DomainError, message
from centre_app.domain.formatting import format_datetime
from centre_app.domain.passwords import MIN_LENGTH
from centre_app.domain.permissions import ROLE_LABELS, Action
from centre_app.services import users
from centre_app.services.users import UserRow
from centre_app.views.context import ViewContext, run_op
from centre_app.views.i18n import N_, _
from centre_app.views.list_page import Column, ListPage, ListSource
from centre_app.views.widgets.form_helpers import FormDialog


def _locked_text(row: UserRow) -> str:
    if not row.locked:
        return _("no")
    if row.locked_until is None:
        return _("yes")
    return _("yes, until {moment}").format(moment=format_datetime(row.locked_until))


COLUMNS = (
    Column("username", N_("User name"), order="username"),
    Column("full_name", N_("Full name"), order="full_name", stretch=True),
    Column("role_label", N_("Role"), order="role_label"),
    Column("active", N_("Active"), order="active"),
    Column("locked", N_("Locked"), text=_locked_text, order="locked"),
)


def _filter(rows: list[UserRow], search: str) -> list[UserRow]:
    words = search.casefold().split()
    return [r for r in rows if all(w in f"{r.username} {r.full_name} {r.role_label}".casefold() for w in words)]


def _password_field(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class _PasswordForm(FormDialog):
    """Shared by the new-user and reset dialogs: password twice, checked as you type."""

    def add_password_fields(self, label: str) -> None:
        self.password = self.add_field(label, _password_field(self), name="password", required=True)
        self.confirm = self.add_field(_("Confirm the password"), _password_field(self), name="confirm", required=True)
        self.password.setToolTip(_("At least {n} characters.").format(n=MIN_LENGTH))
        self.password.textChanged.connect(self._check_passwords)
        self.confirm.textChanged.connect(self._check_passwords)

    def _check_passwords(self) -> None:
        secret, again = self.password.text(), self.confirm.text()
        short = 0 < len(secret) < MIN_LENGTH
        self.field_error_label(self.password).setText(
            _("At least {n} characters.").format(n=MIN_LENGTH) if short else ""
        )
        differ = bool(again) and again != secret
        self.field_error_label(self.confirm).setText(_("The two passwords differ.") if differ else "")

    def passwords_match(self) -> bool:
        if self.password.text() != self.confirm.text():
            self.show_field_error(self.confirm, _("The two passwords differ."))
            return False
        return True

    def show_refusal(self, error: DomainError) -> None:
        """The service's French message, under the field it is about when there is one."""
        fields = {"auth.weak_password": self.password, "auth.username_taken": getattr(self, "username", None)}
        field = fields.get(error.code)
        if field is not None:
            self.show_field_error(field, message(error))
        else:
            self.show_error(message(error))


class NewUserDialog(_PasswordForm):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("New user"), ok_text=_("Create the user"))
        self.ctx = ctx
        self.created: UserRow | None = None
        self.setMinimumWidth(460)
        self.username = self.add_field(_("User name"), QLineEdit(self), name="username", required=True)
        self.username.setPlaceholderText(_("e.g. aouedraogo (used to log in)"))
        self.full_name = self.add_field(_("Full name"), QLineEdit(self), name="full_name", required=True)
        self.role = self.add_field(_("Role"), QComboBox(self), name="role", required=True)
        for role, label in ROLE_LABELS.items():
            self.role.addItem(label, str(role))
        self.add_password_fields(_("Password"))

    def accept(self) -> None:
        self.clear_errors()
        if not self.passwords_match():
            return
        name, full, role, secret = (
            self.username.text(),
            self.full_name.text(),
            self.role.currentData(),
            self.password.text(),
        )
        try:
            self.created = self.ctx.workspace.run(lambda s: users.create_user(s, name, full, role, secret))
        except DomainError as error:
            self.show_refusal(error)
            return
        self.ctx.changed.emit({"users"})
        super().accept()

    @classmethod
    def create(cls, parent: QWidget | None, ctx: ViewContext) -> UserRow | None:
        dialog = cls(ctx, parent)
        return dialog.created if dialog.exec() == QDialog.DialogCode.Accepted else None


class ResetPasswordDialog(_PasswordForm):
    def __init__(self, ctx: ViewContext, user: UserRow, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("Reset the password"), ok_text=_("Change the password"))
        self.ctx = ctx
        self.user = user
        self.setMinimumWidth(440)
        who = QLabel(f"<b>{escape(user.full_name)}</b> ({escape(user.username)})", self)
        self.form.addRow(_("User"), who)
        self.add_password_fields(_("New password"))
        note = QLabel(_("Give the new password to the user in person."), self)
        note.setWordWrap(True)
        self.form.addRow("", note)

    def accept(self) -> None:
        self.clear_errors()
        if not self.passwords_match():
            return
        user_id, secret = self.user.id, self.password.text()
        try:
            self.ctx.workspace.run(lambda s: users.set_password(s, user_id, secret))
        except DomainError as error:
            self.show_refusal(error)
            return
        self.ctx.changed.emit({"users"})
        super().accept()

    @classmethod
    def reset(cls, parent: QWidget | None, ctx: ViewContext, user: UserRow) -> bool:
        return cls(ctx, user, parent).exec() == QDialog.DialogCode.Accepted


class UsersPage(ListPage):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        source = ListSource(fetch_all=lambda s, search: _filter(users.list_users(s), search))
        super().__init__(ctx, _("Users"), COLUMNS, source, {"users"}, parent)
        self.search.setPlaceholderText(_("Search a user: name, full name, role…"))
        self.new_button = self.add_button(_("New user"), self.new_user, Action.ADMINISTER)
        self.password_button = self.add_button(_("Reset the password…"), self.reset_password, Action.ADMINISTER)
        self.unlock_button = self.add_button(_("Unlock"), self.unlock, Action.ADMINISTER)
        self.active_button = self.add_button(_("Deactivate"), self.toggle_active, Action.ADMINISTER)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # Qt's default indicator is descending
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        self._update_buttons()

    def refresh(self) -> None:
        current = self.current()
        super().refresh()
        if current is not None:
            self.select_user(current.id)
        self._update_buttons()

    def select_user(self, user_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).id == user_id:
                self.table.setCurrentIndex(self.model.index(row, 0))
                self.table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        if not hasattr(self, "active_button") or not self.ctx.can(Action.ADMINISTER):
            return  # during construction, or disabled for good with the reason as tooltip
        row = self.current()
        self.password_button.setEnabled(row is not None)
        self.unlock_button.setEnabled(row is not None and row.locked)
        self.active_button.setEnabled(row is not None)
        self.active_button.setText(_("Reactivate") if row is not None and not row.active else _("Deactivate"))

    # -- actions (one service call each) -----------------------------------------------------------
    def new_user(self) -> None:
        created = NewUserDialog.create(self, self.ctx)
        if created is not None:
            self.select_user(created.id)

    def reset_password(self) -> None:
        row = self.current()
        if row is not None and self.ctx.can(Action.ADMINISTER):
            ResetPasswordDialog.reset(self, self.ctx, row)

    def unlock(self) -> None:
        row = self.current()
        if row is not None:
            run_op(self, self.ctx, lambda s: users.unlock_user(s, row.id), areas={"users"})

    def toggle_active(self) -> None:
        row = self.current()
        if row is None:
            return
        if row.active:
            answer = QMessageBox.question(
                self,
                _("Deactivate a user"),
                _("Deactivate the account of {name}? This user will no longer be able to log in.").format(
                    name=row.full_name
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        run_op(self, self.ctx, lambda s: users.set_active(s, row.id, not row.active), areas={"users"})
