"""First run: centre identity and logo, country, administrator account, backup folder."""

from __future__ import annotations

import base64
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
    QWizard,
    QWizardPage,
)

from centre_app.domain.errors import DomainError, message
from centre_app.domain.passwords import MIN_LENGTH
from centre_app.services import settings as settings_service
from centre_app.services.setup import SetupInput, initialize_centre, seed_reference_data
from centre_app.services.workspace import Workspace
from centre_app.views.i18n import _


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    return label


class CentrePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("The centre"))
        self.setSubTitle(_("Printed at the top of every document. You can change it later in the settings."))
        self.name = QLineEdit(self)
        self.name.setObjectName("centre_name")
        self.acronym = QLineEdit(self)
        self.town = QLineEdit(self)
        self.address = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.logo_path = QLineEdit(self)
        self.logo_path.setReadOnly(True)
        browse = QPushButton(_("Choose…"), self)
        browse.clicked.connect(self._choose_logo)
        logo = QHBoxLayout()
        logo.addWidget(self.logo_path, 1)
        logo.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(_("Name of the centre *"), self.name)
        form.addRow(_("Acronym"), self.acronym)
        form.addRow(_("Town"), self.town)
        form.addRow(_("Address"), self.address)
        form.addRow(_("Telephone"), self.phone)
        form.addRow(_("Logo (PNG)"), logo)
        self.registerField("centre_name*", self.name)

    def _choose_logo(self) -> None:
        path, _f = QFileDialog.getOpenFileName(self, _("Logo"), "", _("PNG image (*.png)"))
        if path:
            self.logo_path.setText(path)


class CountryPage(QWizardPage):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Country"))
        self.setSubTitle(_("Sets the currency, number formats, mobile-money operators and the cash ceiling."))
        self.country = QComboBox(self)
        self.country.setObjectName("country")
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self._countries = workspace.read(settings_service.list_countries)
        for c in self._countries:
            self.country.addItem(c.name, c.code)
        self.country.currentIndexChanged.connect(self._show)
        self.country.setCurrentIndex(max(0, self.country.findData("BF")))
        form = QFormLayout(self)
        form.addRow(_("Country"), self.country)
        form.addRow("", self.details)
        self._show()

    def _show(self) -> None:
        c = self._countries[self.country.currentIndex()]
        ops = ", ".join(c.operators) or _("none")
        self.details.setText(_("Currency: {currency} — mobile money: {ops}").format(currency=c.currency, ops=ops))


class AdminPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Administrator"))
        self.setSubTitle(_("The administrator creates the other users and manages settings and backups."))
        self.username = QLineEdit(self)
        self.username.setObjectName("admin_username")
        self.full_name = QLineEdit(self)
        self.full_name.setObjectName("admin_full_name")
        self.password = QLineEdit(self)
        self.password.setObjectName("admin_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit(self)
        self.confirm.setObjectName("admin_confirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = _error_label(self)
        form = QFormLayout(self)
        form.addRow(_("User name *"), self.username)
        form.addRow(_("Full name *"), self.full_name)
        form.addRow(_("Password *"), self.password)
        form.addRow(_("Confirm the password *"), self.confirm)
        form.addRow("", self.error)
        for field in (self.username, self.full_name, self.password, self.confirm):
            field.textChanged.connect(self._check)

    def _problem(self) -> str:
        if not self.username.text().strip() or not self.full_name.text().strip():
            return _("User name and full name are required.")
        if len(self.password.text()) < MIN_LENGTH:
            return _("The password must have at least {n} characters.").format(n=MIN_LENGTH)
        if self.password.text() != self.confirm.text():
            return _("The two passwords differ.")
        return ""

    def _check(self) -> None:
        self.error.setText(self._problem())
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self._problem()


class BackupPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_("Backups"))
        self.setSubTitle(_("Choose a folder on a USB key or a second disk. You can change it later."))
        self.folder = QLineEdit(self)
        self.folder.setObjectName("backup_folder")
        browse = QPushButton(_("Choose…"), self)
        browse.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.error = _error_label(self)
        form = QFormLayout(self)
        form.addRow(_("Backup folder"), row)
        form.addRow("", self.error)

    def _choose(self) -> None:
        path = QFileDialog.getExistingDirectory(self, _("Backup folder"))
        if path:
            self.folder.setText(path)


class SetupWizard(QWizard):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        workspace.run(seed_reference_data)  # the country list comes from the reference data
        self.setWindowTitle(_("Setting up the centre"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setMinimumSize(640, 440)
        self.centre = CentrePage(self)
        self.country = CountryPage(workspace, self)
        self.admin = AdminPage(self)
        self.backup = BackupPage(self)
        for page in (self.centre, self.country, self.admin, self.backup):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, _("Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))

    def setup_input(self) -> SetupInput:
        return SetupInput(
            centre_name=self.centre.name.text(),
            acronym=self.centre.acronym.text(),
            town=self.centre.town.text(),
            address=self.centre.address.text(),
            phone=self.centre.phone.text(),
            country=self.country.country.currentData(),
            admin_username=self.admin.username.text(),
            admin_full_name=self.admin.full_name.text(),
            admin_password=self.admin.password.text(),
            backup_folder=self.backup.folder.text().strip(),
        )

    def accept(self) -> None:
        data = self.setup_input()
        logo = self.centre.logo_path.text()
        logo_b64 = base64.b64encode(Path(logo).read_bytes()).decode() if logo else ""

        def work(session):
            admin = initialize_centre(session, data)
            if logo_b64:
                settings_service.apply_settings(session, {"centre.logo_png_b64": logo_b64})
            return admin

        try:
            self.workspace.run(work)
        except DomainError as error:
            self.backup.error.setText(message(error))
            return
        super().accept()

    @classmethod
    def run_setup(cls, workspace: Workspace, parent: QWidget | None = None) -> bool:
        return cls(workspace, parent).exec() == QWizard.DialogCode.Accepted
