"""Login: user name and password; failures counted and the account locked by the service.

Light on imports: the dialog is shown before SQLAlchemy and the services are loaded (views/early_start.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from centre_app.domain.errors import message
from centre_app.views.i18n import _

if TYPE_CHECKING:
    from centre_app.services import users
    from centre_app.services.context import Actor
    from centre_app.services.workspace import Workspace


class LoginDialog(QDialog):
    def __init__(self, workspace: Workspace, centre_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.actor: Actor | None = None
        self.setWindowTitle(_("Log in"))
        self.setMinimumWidth(380)
        title = QLabel(f"<b>{centre_name}</b>", self)
        self.username = QLineEdit(self)
        self.username.setObjectName("username")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow(_("User name"), self.username)
        form.addRow(_("Password"), self.password)
        self.buttons = buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Log in"))
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.try_login)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter is handled by the fields (user name: next field; password: log in). The dialog's default
        button must not try again: each wrong password would count twice towards the lockout."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def try_login(self) -> None:
        outcome = self.authenticate(self.username.text(), self.password.text())
        if outcome.actor is not None:
            self.actor = outcome.actor
            self.accept()
            return
        assert outcome.error is not None
        self.error.setText(message(outcome.error))
        self.password.clear()
        self.password.setFocus()

    def authenticate(self, name: str, secret: str) -> users.LoginOutcome:
        """Check the password (the lock screen asks it through ``users.unlock_session`` instead)."""
        from centre_app.services import users

        return self.workspace.run(lambda s: users.login(s, name, secret))

    @classmethod
    def ask(cls, workspace: Workspace, centre_name: str, parent: QWidget | None = None) -> Actor | None:
        dialog = cls(workspace, centre_name, parent)
        return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None
