"""Administration screens: users (create, refusals, unlock, deactivate, reset) and settings (save, journal, rights)."""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from centre_app.services import events, numbering, users
from centre_app.services.settings import get_settings
from centre_app.services.workspace import Workspace
from centre_app.views.context import ViewContext
from centre_app.views.settings_page import SettingsPage
from centre_app.views.users_page import NewUserDialog, ResetPasswordDialog, UsersPage
from tests.conftest import PASSWORD


@pytest.fixture
def admin_ctx(workspace: Workspace, admin) -> ViewContext:
    workspace.actor = admin
    return ViewContext(workspace)


def _shown(qtbot: QtBot, widget: QDialog) -> None:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def _last_event(workspace: Workspace) -> events.EventRow:
    return workspace.read(lambda s: events.list_events(s, limit=1))[0]


def _row(page: UsersPage, username: str) -> int:
    return next(i for i in range(page.model.rowCount()) if page.model.row_at(i).username == username)


# -- users -------------------------------------------------------------------------------------------------
def test_users_model_passes_qt_model_tester(qtmodeltester, qtbot: QtBot, admin_ctx: ViewContext) -> None:
    page = UsersPage(admin_ctx)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 4
    qtmodeltester.check(page.model)


def test_create_a_user_from_the_keyboard(qtbot: QtBot, admin_ctx: ViewContext) -> None:
    page = UsersPage(admin_ctx)
    qtbot.addWidget(page)
    dialog = NewUserDialog(admin_ctx, page)
    _shown(qtbot, dialog)
    dialog.username.setFocus()
    qtbot.keyClicks(dialog.username, "aouedraogo")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)  # Enter moves to the next field
    assert dialog.focusWidget() is dialog.full_name
    qtbot.keyClicks(dialog.full_name, "Aminata Ouedraogo")
    qtbot.keyClick(dialog.full_name, Qt.Key.Key_Return)
    assert dialog.focusWidget() is dialog.role
    qtbot.keyClick(dialog.role, Qt.Key.Key_Down)  # Agent de saisie -> Gestionnaire
    assert dialog.role.currentText() == "Gestionnaire"
    qtbot.keyClick(dialog.role, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.password, "motdepasse")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.confirm, "motdepasse")
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)  # Enter on the last field validates
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.created is not None
    row = page.model.row_at(_row(page, "aouedraogo"))  # the list refreshed through ctx.changed
    assert (row.full_name, row.role_label, row.active, row.locked) == ("Aminata Ouedraogo", "Gestionnaire", True, False)
    assert _last_event(admin_ctx.workspace).kind == "user.create"
    assert admin_ctx.workspace.run(lambda s: users.login(s, "aouedraogo", "motdepasse")).actor is not None


def test_refused_weak_password_keeps_what_was_typed(qtbot: QtBot, admin_ctx: ViewContext) -> None:
    dialog = NewUserDialog(admin_ctx)
    _shown(qtbot, dialog)
    qtbot.keyClicks(dialog.username, "bsawadogo")
    dialog.full_name.setText("Bintou Sawadogo")
    qtbot.keyClicks(dialog.password, "abc")
    error = dialog.findChild(type(dialog.error), "password_error")
    assert error.text() == "Au moins 6 caractères."  # as you type
    qtbot.keyClicks(dialog.confirm, "abc")
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert error.text() == "Le mot de passe doit contenir au moins 6 caractères."  # the service's refusal
    assert (dialog.username.text(), dialog.full_name.text(), dialog.password.text()) == (
        "bsawadogo",
        "Bintou Sawadogo",
        "abc",
    )
    assert "bsawadogo" not in [u.username for u in admin_ctx.read(users.list_users)]


def test_taken_user_name_and_different_passwords(qtbot: QtBot, admin_ctx: ViewContext) -> None:
    dialog = NewUserDialog(admin_ctx)
    _shown(qtbot, dialog)
    qtbot.keyClicks(dialog.username, "caisse")
    qtbot.keyClicks(dialog.full_name, "Autre Caissier")
    qtbot.keyClicks(dialog.password, "motdepasse")
    qtbot.keyClicks(dialog.confirm, "motdepasso")
    confirm_error = dialog.findChild(type(dialog.error), "confirm_error")
    assert confirm_error.text() == "Les deux mots de passe sont différents."
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert confirm_error.text() == "Les deux mots de passe sont différents."
    dialog.confirm.setText("motdepasse")
    dialog.accept()
    username_error = dialog.findChild(type(dialog.error), "username_error")
    assert username_error.text() == "Le nom d'utilisateur « caisse » est déjà utilisé."
    assert dialog.isVisible()


def test_escape_cancels_the_new_user_dialog(qtbot: QtBot, admin_ctx: ViewContext) -> None:
    dialog = NewUserDialog(admin_ctx)
    _shown(qtbot, dialog)
    qtbot.keyClicks(dialog.username, "personne")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert len(admin_ctx.read(users.list_users)) == 4


def test_unlock_a_locked_user(qtbot: QtBot, admin_ctx: ViewContext) -> None:
    for _ in range(users.MAX_FAILURES):
        admin_ctx.workspace.run(lambda s: users.login(s, "caisse", "faux"))
    page = UsersPage(admin_ctx)
    qtbot.addWidget(page)
    row = _row(page, "caisse")
    assert page.model.index(row, 4).data().startswith("oui, jusqu'au ")
    page.table.selectRow(row)
    assert page.unlock_button.isEnabled()
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    assert page.current().username == "caisse"  # still selected after the refresh
    assert page.model.index(_row(page, "caisse"), 4).data() == "non"
    assert not page.unlock_button.isEnabled()
    assert _last_event(admin_ctx.workspace).kind == "user.change"
    assert admin_ctx.workspace.run(lambda s: users.login(s, "caisse", PASSWORD)).actor is not None


def test_deactivate_refusal_for_the_last_admin_then_a_clerk(qtbot: QtBot, admin_ctx: ViewContext, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: shown.append(text)))
    page = UsersPage(admin_ctx)
    qtbot.addWidget(page)
    page.table.selectRow(_row(page, "admin"))
    assert page.active_button.text() == "Désactiver"
    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    assert shown == ["Impossible : il doit rester au moins un administrateur actif."]
    page.table.selectRow(_row(page, "caisse"))
    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    assert page.model.index(_row(page, "caisse"), 3).data() == "non"
    assert page.active_button.text() == "Réactiver"
    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)  # reactivating asks nothing
    assert page.model.index(_row(page, "caisse"), 3).data() == "oui"


def test_deactivation_asks_first(qtbot: QtBot, admin_ctx: ViewContext, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    page = UsersPage(admin_ctx)
    qtbot.addWidget(page)
    page.table.selectRow(_row(page, "caisse"))
    page.toggle_active()
    assert page.current().active


def test_reset_a_password(qtbot: QtBot, admin_ctx: ViewContext) -> None:
    clerk_row = next(u for u in admin_ctx.read(users.list_users) if u.username == "caisse")
    dialog = ResetPasswordDialog(admin_ctx, clerk_row)
    _shown(qtbot, dialog)
    qtbot.keyClicks(dialog.password, "nouveau123")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.confirm, "nouveau123")
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert admin_ctx.workspace.run(lambda s: users.login(s, "caisse", "nouveau123")).actor is not None


def test_user_buttons_need_a_selection_and_the_right(
    qtbot: QtBot, workspace: Workspace, admin_ctx: ViewContext, manager
) -> None:
    page = UsersPage(admin_ctx)
    qtbot.addWidget(page)
    assert page.new_button.isEnabled()
    assert not page.password_button.isEnabled()  # nothing selected yet
    page.table.selectRow(0)
    assert page.password_button.isEnabled()
    # Registered for administrators only, the page still stays safe for another role.
    workspace.actor = manager
    other = UsersPage(ViewContext(workspace))
    qtbot.addWidget(other)
    other.table.selectRow(0)
    assert not other.new_button.isEnabled()
    assert not other.unlock_button.isEnabled()
    assert "Gestionnaire" in other.new_button.toolTip()


# -- settings ----------------------------------------------------------------------------------------------
def test_settings_change_is_saved_and_journaled(qtbot: QtBot, admin_ctx: ViewContext) -> None:
    page = SettingsPage(admin_ctx)
    qtbot.addWidget(page)
    changed_areas: list[set[str]] = []
    admin_ctx.changed.connect(changed_areas.append)
    page.fields["centre.phone"].setText("+226 70 00 00 00")
    page.fields["centre.acronym"].setText("CSAP")
    page.signatories.setPlainText("Le Directeur : Amadou DICKO\n\n  La Comptable : Awa SIDIBÉ ")
    page.formats["REC"].setText("R{year}/{seq:05d}")
    assert sorted(page.changes()) == ["centre.acronym", "centre.phone", "centre.signatories", "numbering.REC"]
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.status.text() == "Paramètres enregistrés."
    assert page.error.text() == ""
    centre = admin_ctx.read(get_settings)
    assert (centre.phone, centre.acronym) == ("+226 70 00 00 00", "CSAP")
    assert centre.signatories == ("Le Directeur : Amadou DICKO", "La Comptable : Awa SIDIBÉ")
    assert admin_ctx.read(lambda s: numbering.number_format(s, "REC")) == "R{year}/{seq:05d}"
    last = _last_event(admin_ctx.workspace)
    assert last.kind == "settings.change"
    assert last.username == "admin"
    assert json.loads(last.detail)["keys"] == ["centre.acronym", "centre.phone", "centre.signatories", "numbering.REC"]
    assert {"settings"} <= changed_areas[-1]
    assert page.changes() == {}
    assert page.save() == []
    assert page.status.text() == "Rien à enregistrer : aucun paramètre n'a été modifié."


def test_refusal_stays_on_screen_with_what_was_typed(qtbot: QtBot, admin_ctx: ViewContext) -> None:
    page = SettingsPage(admin_ctx)
    qtbot.addWidget(page)
    page.fields["centre.town"].setText("Arbinda")
    page.fields["centre.name"].setText("  ")
    assert page.name_error.text() == "Le nom du centre est obligatoire."
    assert page.save() is None
    assert page.error.text() == "Le champ « Nom du centre » est obligatoire."
    assert page.fields["centre.town"].text() == "Arbinda"
    assert admin_ctx.read(get_settings).town == "Djibo"  # nothing half-saved
    assert _last_event(admin_ctx.workspace).kind != "settings.change"


def test_numbering_format_checked_as_you_type(qtbot: QtBot, admin_ctx: ViewContext) -> None:
    page = SettingsPage(admin_ctx)
    qtbot.addWidget(page)
    year = date.today().year
    assert page.examples["REC"].text() == f"REC-{year}-000123"
    field, error = page.formats["CMD"], page.format_errors["CMD"]
    field.clear()
    qtbot.keyClicks(field, "CMD-{year}")
    assert error.text() == "Format de numérotation invalide : « CMD-{year} » (il doit contenir {seq})."
    assert page.examples["CMD"].text() == ""
    qtbot.keyClicks(field, "-{seq:05d}")
    assert error.text() == ""
    assert page.examples["CMD"].text() == f"CMD-{year}-00123"
    field.setText("CMD-{annee}-{seq}")
    assert error.text().startswith("Format de numérotation invalide")
    assert page.save() is None  # the service refuses too; the message stays on screen
    assert page.error.text().startswith("Format de numérotation invalide")


def test_a_clerk_cannot_save_settings(qtbot: QtBot, workspace: Workspace) -> None:
    page = SettingsPage(ViewContext(workspace))  # the workspace fixture is the clerk
    qtbot.addWidget(page)
    assert not page.save_button.isEnabled()
    assert "Agent de saisie / caissier" in page.save_button.toolTip()
    assert page.fields["centre.name"].isReadOnly()
    assert not page.country.isEnabled()
    assert page.fields["centre.name"].text() == "Centre de test de Djibo"
    assert page.save() is None


def test_country_language_backup_and_logo(qtbot: QtBot, admin_ctx: ViewContext, monkeypatch, tmp_path: Path) -> None:
    page = SettingsPage(admin_ctx)
    qtbot.addWidget(page)
    assert page.country.currentData() == "BF"
    assert "XOF" in page.country_details.text()
    assert "Orange Money" in page.country_details.text()
    page.language.setCurrentIndex(page.language.findData("en"))
    assert page.language_note.text() == "Prend effet au prochain démarrage de l'application."
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a: str(tmp_path / "cle")))
    page.choose_backup_folder()
    (tmp_path / "faux.png").write_bytes(b"pas une image")
    page.load_logo_file(tmp_path / "faux.png")
    assert page.logo_error.text() == "Ce fichier n'est pas une image PNG lisible."
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("darkgreen"))
    image.save(str(tmp_path / "logo.png"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: (str(tmp_path / "logo.png"), "")))
    page.choose_logo()
    assert page.logo_error.text() == ""
    assert not page.logo.pixmap().isNull()
    assert sorted(page.save() or []) == ["backup.folder", "centre.logo_png_b64", "ui.language"]
    assert "prochain démarrage" in page.status.text()
    centre = admin_ctx.read(get_settings)
    assert centre.ui_language == "en"
    assert centre.backup_folder == str(tmp_path / "cle")
    assert base64.b64decode(centre.logo_png_b64) == (tmp_path / "logo.png").read_bytes()
    page.logo_remove.click()
    assert page.logo.text() == "Aucun logo"
    assert page.changes() == {"centre.logo_png_b64": ""}
