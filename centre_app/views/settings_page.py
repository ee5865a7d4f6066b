"""Administration › Settings: centre identity and logo, country, interface language, backup folder, numbering.

« Save » sends only the keys that really changed to ``settings.update_settings`` (administrator only,
journaled as « settings.change »); a refusal stays on screen in French with everything typed kept.
Numbering formats are checked as you type with the domain's own rule, with a live example.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from centre_app.domain.errors import DomainError, message
from centre_app.domain.numbering import DOC_TYPES, format_number, validate_format
from centre_app.domain.permissions import Action
from centre_app.services import numbering
from centre_app.services import settings as settings_service
from centre_app.services.settings import CentreSettings, CountryInfo
from centre_app.views.context import ViewContext
from centre_app.views.i18n import LANGUAGES, N_, _
from centre_app.views.widgets.form_helpers import error_label

# setting key -> (CentreSettings attribute, label, mandatory)
IDENTITY_FIELDS = (
    ("centre.name", "name", N_("Name of the centre"), True),
    ("centre.acronym", "acronym", N_("Acronym"), False),
    ("centre.legal_form", "legal_form", N_("Legal form"), False),
    ("centre.registration", "registration", N_("Registration number (récépissé)"), False),
    ("centre.address", "address", N_("Address"), False),
    ("centre.po_box", "po_box", N_("P.O. box"), False),
    ("centre.phone", "phone", N_("Telephone"), False),
    ("centre.email", "email", N_("E-mail"), False),
    ("centre.tax_id", "tax_id", N_("Tax number (IFU)"), False),
    ("centre.rccm", "rccm", N_("Trade register (RCCM)"), False),
    ("centre.town", "town", N_("Town"), False),
)
EXAMPLE_SEQ = 123
LOGO_BOX = (180, 76)


def _group(title: str, parent: QWidget) -> tuple[QGroupBox, QFormLayout]:
    box = QGroupBox(title, parent)
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return box, form


class SettingsPage(QWidget):
    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.title = _("Settings")
        self._countries: list[CountryInfo] = []
        self._loaded: dict[str, Any] = {}
        self._logo_b64 = ""
        body = QWidget(self)
        columns = QHBoxLayout(body)
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        left.addWidget(self._identity_group(body))
        left.addStretch(1)
        right.addWidget(self._options_group(body))
        right.addWidget(self._security_group(body))
        right.addWidget(self._numbering_group(body))
        right.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)

        self.error = error_label(self, "error")
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.revert_button = QPushButton(_("Undo the changes"), self)
        self.revert_button.clicked.connect(self.load)
        self.save_button = QPushButton(_("Save"), self)
        self.save_button.setObjectName("save")
        self.save_button.setToolTip("Ctrl+S")
        self.save_button.clicked.connect(self.save)
        bar = QHBoxLayout()
        bar.addWidget(self.error, 1)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.revert_button)
        bar.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(bar)
        save_keys = QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        save_keys.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.load()
        if not ctx.can(Action.ADMINISTER):
            self._read_only(ctx.why_not(Action.ADMINISTER))

    # -- building ------------------------------------------------------------------------------------
    def _identity_group(self, parent: QWidget) -> QGroupBox:
        box, form = _group(_("Identity of the centre (printed on every document)"), parent)
        self.fields: dict[str, QLineEdit] = {}
        for key, attribute, label, required in IDENTITY_FIELDS:
            field = QLineEdit(box)
            field.setObjectName(attribute)
            self.fields[key] = field
            form.addRow(_(label) + (" *" if required else ""), field)
            if required:
                self.name_error = error_label(box, "name_error")
                form.addRow("", self.name_error)
                field.textChanged.connect(self._check_name)
        self.signatories = QPlainTextEdit(box)
        self.signatories.setObjectName("signatories")
        self.signatories.setTabChangesFocus(True)
        self.signatories.setPlaceholderText(_("One per line, e.g. « Le Directeur : Amadou DICKO »"))
        self.signatories.setFixedHeight(62)
        form.addRow(_("Signatories"), self.signatories)
        self.logo = QLabel(box)
        self.logo.setObjectName("logo")
        self.logo.setFixedSize(*LOGO_BOX)
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo.setStyleSheet("QLabel { background: white; border: 1px solid #b0b0b0; color: #808080; }")
        self.logo_button = QPushButton(_("Choose…"), box)
        self.logo_button.clicked.connect(self.choose_logo)
        self.logo_remove = QPushButton(_("Remove"), box)
        self.logo_remove.clicked.connect(lambda: self.set_logo(""))
        buttons = QVBoxLayout()
        buttons.addWidget(self.logo_button)
        buttons.addWidget(self.logo_remove)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.logo)
        row.addLayout(buttons)
        row.addStretch(1)
        form.addRow(_("Logo (PNG)"), row)
        self.logo_error = error_label(box, "logo_error")
        form.addRow("", self.logo_error)
        return box

    def _options_group(self, parent: QWidget) -> QGroupBox:
        box, form = _group(_("Country, language and backups"), parent)
        self.country = QComboBox(box)
        self.country.setObjectName("country")
        self.country.currentIndexChanged.connect(self._show_country)
        self.country_details = QLabel(box)
        self.country_details.setWordWrap(True)
        self.country_details.setStyleSheet("color: #505050;")
        form.addRow(_("Country"), self.country)
        form.addRow("", self.country_details)
        self.language = QComboBox(box)
        self.language.setObjectName("language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.currentIndexChanged.connect(self._show_language_note)
        self.language_note = QLabel(_("Takes effect the next time the application starts."), box)
        self.language_note.setObjectName("language_note")
        self.language_note.setWordWrap(True)
        language_row = QHBoxLayout()
        language_row.addWidget(self.language)
        language_row.addWidget(self.language_note, 1)
        form.addRow(_("Interface language"), language_row)
        self.backup_folder = QLineEdit(box)
        self.backup_folder.setObjectName("backup_folder")
        self.backup_button = QPushButton(_("Choose…"), box)
        self.backup_button.clicked.connect(self.choose_backup_folder)
        row = QHBoxLayout()
        row.addWidget(self.backup_folder, 1)
        row.addWidget(self.backup_button)
        form.addRow(_("Backup folder"), row)
        return box

    def _security_group(self, parent: QWidget) -> QGroupBox:
        box, form = _group(_("Security"), parent)
        self.session_timeout = QSpinBox(box)
        self.session_timeout.setObjectName("session_timeout")
        self.session_timeout.setRange(0, settings_service.SESSION_TIMEOUT_MAX)
        self.session_timeout.setSuffix(_(" min"))
        self.session_timeout.setMaximumWidth(140)
        self.session_timeout.setSpecialValueText(_("never"))
        self.session_timeout.setToolTip(_("0: the screen is never locked."))
        note = QLabel(
            _("Without a key or mouse action for this time, the screen is hidden and the password asked."), box
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #505050;")
        form.addRow(_("Lock the session after inactivity"), self.session_timeout)
        form.addRow("", note)
        return box

    def _numbering_group(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox(_("Document numbering"), parent)
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        help_text = QLabel(
            _("{year} is the year, {seq:06d} the number on 6 digits (one series per document type and year)."), box
        )
        help_text.setWordWrap(True)
        help_text.setStyleSheet("color: #505050;")
        grid.addWidget(help_text, 0, 0, 1, 3)
        self.formats: dict[str, QLineEdit] = {}
        self.examples: dict[str, QLabel] = {}
        self.format_errors: dict[str, QLabel] = {}
        for n, doc in enumerate(DOC_TYPES.values()):
            row = 1 + 2 * n
            field = QLineEdit(box)
            field.setObjectName(f"numbering_{doc.code}")
            example = QLabel(box)
            example.setObjectName(f"numbering_{doc.code}_example")
            example.setMinimumWidth(130)
            err = error_label(box, f"numbering_{doc.code}_error")
            grid.addWidget(QLabel(doc.label, box), row, 0)
            grid.addWidget(field, row, 1)
            grid.addWidget(example, row, 2)
            grid.addWidget(err, row + 1, 1, 1, 2)
            self.formats[doc.code], self.examples[doc.code], self.format_errors[doc.code] = field, example, err
            field.textChanged.connect(lambda _t, code=doc.code: self._check_format(code))
        return box

    def _read_only(self, reason: str) -> None:
        for field in [*self.fields.values(), *self.formats.values(), self.backup_folder]:
            field.setReadOnly(True)
        self.signatories.setReadOnly(True)
        widgets = (self.country, self.language, self.logo_button, self.logo_remove, self.backup_button)
        for widget in (*widgets, self.session_timeout):
            widget.setEnabled(False)
        for button in (self.save_button, self.revert_button):
            button.setEnabled(False)
            button.setToolTip(reason)
        self.status.setText(reason)

    # -- loading and feedback as you type ----------------------------------------------------------
    def load(self) -> None:
        """Show the stored settings (also « Undo the changes »)."""
        centre, self._countries, formats = self.ctx.read(_read_all)
        self.country.blockSignals(True)
        self.country.clear()
        for info in self._countries:
            self.country.addItem(f"{info.name} ({info.code})", info.code)
        self.country.blockSignals(False)
        for key, attribute, _label, _required in IDENTITY_FIELDS:
            self.fields[key].setText(getattr(centre, attribute))
            self.fields[key].setCursorPosition(0)  # show the start of a long value
        self.signatories.setPlainText("\n".join(centre.signatories))
        self.set_logo(centre.logo_png_b64)
        self.country.setCurrentIndex(max(0, self.country.findData(centre.country.code)))
        self.language.setCurrentIndex(max(0, self.language.findData(centre.ui_language)))
        self.backup_folder.setText(centre.backup_folder)
        self.session_timeout.setValue(centre.session_timeout_minutes)
        for code, fmt in formats.items():
            self.formats[code].setText(fmt)
        self._loaded = self.values()
        self._show_country()
        self._show_language_note()
        self.error.clear()

    def _check_name(self) -> None:
        empty = not self.fields["centre.name"].text().strip()
        self.name_error.setText(_("The name of the centre is required.") if empty else "")

    def _check_format(self, code: str) -> None:
        fmt = self.formats[code].text()
        try:
            validate_format(fmt)
            example = format_number(fmt, date.today().year, EXAMPLE_SEQ)
        except DomainError as error:
            self.examples[code].setText("")
            self.format_errors[code].setText(message(error))
            return
        self.examples[code].setText(example)
        self.format_errors[code].setText("")

    def _show_country(self) -> None:
        index = self.country.currentIndex()
        if not 0 <= index < len(self._countries):
            return
        info = self._countries[index]
        operators = ", ".join(info.operators) or _("none")
        self.country_details.setText(
            _("Currency: {currency} — mobile money: {operators}").format(currency=info.currency, operators=operators)
        )

    def _show_language_note(self) -> None:
        changed = self._loaded and self.language.currentData() != self._loaded.get("ui.language")
        self.language_note.setStyleSheet("color: #9a5b00; font-weight: bold;" if changed else "color: #505050;")

    def set_logo(self, encoded: str) -> None:
        self._logo_b64 = encoded
        image = QImage()
        if encoded:
            try:
                image.loadFromData(base64.b64decode(encoded, validate=True))
            except (binascii.Error, ValueError):
                image = QImage()
        if image.isNull():
            self.logo.setPixmap(QPixmap())
            self.logo.setText(_("No logo") if not encoded else _("Unreadable logo"))
        else:
            w, h = LOGO_BOX
            self.logo.setPixmap(
                QPixmap.fromImage(image).scaled(
                    w - 8, h - 8, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
            )
        self.logo_remove.setEnabled(bool(encoded) and self.ctx.can(Action.ADMINISTER))

    def choose_logo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Logo of the centre"), "", _("PNG image (*.png)"))
        if path:
            self.load_logo_file(Path(path))

    def load_logo_file(self, path: Path) -> None:
        try:
            data = path.read_bytes()
        except OSError as error:
            self.logo_error.setText(_("The file cannot be read: {reason}").format(reason=error.strerror or error))
            return
        if not data.startswith(b"\x89PNG") or QImage.fromData(data).isNull():
            self.logo_error.setText(_("This file is not a readable PNG image."))
            return
        self.logo_error.clear()
        self.set_logo(base64.b64encode(data).decode("ascii"))

    def choose_backup_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, _("Backup folder"), self.backup_folder.text())
        if path:
            self.backup_folder.setText(path)

    # -- saving ----------------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """What the screen shows, as the settings service stores it."""
        out: dict[str, Any] = {key: field.text().strip() for key, field in self.fields.items()}
        out["centre.signatories"] = [s.strip() for s in self.signatories.toPlainText().splitlines() if s.strip()]
        out["centre.logo_png_b64"] = self._logo_b64
        out["country"] = self.country.currentData()
        out["ui.language"] = self.language.currentData()
        out["backup.folder"] = self.backup_folder.text().strip()
        out["security.session_timeout_minutes"] = self.session_timeout.value()
        out.update({f"numbering.{code}": field.text().strip() for code, field in self.formats.items()})
        return out

    def changes(self) -> dict[str, Any]:
        return {key: value for key, value in self.values().items() if self._loaded.get(key) != value}

    def save(self) -> list[str] | None:
        if not self.save_button.isEnabled():
            return None
        changes = self.changes()
        self.status.clear()
        if not changes:
            self.error.clear()
            self.status.setText(_("Nothing to save: no setting was changed."))
            return []
        try:
            changed = self.ctx.workspace.run(lambda s: settings_service.update_settings(s, changes))
        except DomainError as error:
            self.error.setText(message(error))  # everything typed stays on screen
            return None
        self.load()
        self.ctx.changed.emit({"settings", "events"})
        note = _("Settings saved.")
        if "ui.language" in changed:
            note = " ".join((note, _("The new language will be used at the next start.")))
        self.status.setText(note)
        return changed


def _read_all(session: Any) -> tuple[CentreSettings, list[CountryInfo], dict[str, str]]:
    formats = {code: numbering.number_format(session, code) for code in DOC_TYPES}
    return settings_service.get_settings(session), settings_service.list_countries(session), formats
