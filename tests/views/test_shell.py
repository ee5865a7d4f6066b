"""Login (success, failure, lockout), the setup wizard to a usable database, the main window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from centre_app.services import users
from centre_app.services.workspace import Workspace
from centre_app.views.areas import AREAS
from centre_app.views.context import ViewContext
from centre_app.views.login_dialog import LoginDialog
from centre_app.views.main_window import MainWindow
from centre_app.views.setup_wizard import SetupWizard
from tests.conftest import PASSWORD


def _login(qtbot: QtBot, workspace: Workspace, name: str, password: str) -> LoginDialog:
    dialog = LoginDialog(workspace, "Centre de test")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, name)
    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)  # Enter moves to the password
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    return dialog


def test_login_success(qtbot: QtBot, workspace: Workspace) -> None:
    dialog = _login(qtbot, workspace, "caisse", PASSWORD)
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert dialog.actor is not None
    assert dialog.actor.username == "caisse"


def test_login_failure_then_lockout(qtbot: QtBot, workspace: Workspace) -> None:
    dialog = _login(qtbot, workspace, "caisse", "faux")
    assert dialog.actor is None
    assert dialog.error.text() == "Nom d'utilisateur ou mot de passe incorrect."
    assert dialog.password.text() == ""
    for _ in range(4):
        qtbot.keyClicks(dialog.password, "faux")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert "Compte bloqué" in dialog.error.text()
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is None
    assert "Compte bloqué" in dialog.error.text()


def test_wizard_creates_a_usable_database(qtbot: QtBot, tmp_path: Path) -> None:
    workspace = Workspace.open(tmp_path / "neuf.db")
    try:
        wizard = SetupWizard(workspace)
        qtbot.addWidget(wizard)
        wizard.show()
        qtbot.keyClicks(wizard.centre.name, "Centre de services de Djibo")
        qtbot.keyClicks(wizard.centre.town, "Djibo")
        wizard.next()
        assert wizard.country.country.currentData() == "BF"
        wizard.next()
        next_button = wizard.button(QWizard.WizardButton.NextButton)
        qtbot.keyClicks(wizard.admin.username, "admin")
        wizard.admin.full_name.setText("Salif Ouédraogo")  # QTest.keyClicks aborts on non-ASCII keys
        qtbot.keyClicks(wizard.admin.password, "motdepasse")
        qtbot.keyClicks(wizard.admin.confirm, "motdepass")
        assert not next_button.isEnabled()
        assert wizard.admin.error.text() == "Les deux mots de passe sont différents."
        qtbot.keyClicks(wizard.admin.confirm, "e")
        assert next_button.isEnabled()
        wizard.next()
        wizard.accept()
        assert wizard.result() == QWizard.DialogCode.Accepted
        outcome = workspace.run(lambda s: users.login(s, "admin", "motdepasse"))
        assert outcome.actor is not None
        from centre_app.services import settings

        centre = workspace.read(settings.get_settings)
        assert centre.name == "Centre de services de Djibo"
        assert centre.setup_completed
    finally:
        workspace.close()


def test_main_window_areas_by_role(qtbot: QtBot, workspace: Workspace, admin, clerk) -> None:
    workspace.actor = clerk
    window = MainWindow(ViewContext(workspace), AREAS)
    qtbot.addWidget(window)
    assert "administration" not in window.areas  # the clerk does not administer
    from PySide6.QtWidgets import QLabel

    status = " | ".join(label.text() for label in window.statusBar().findChildren(QLabel))
    assert "Issa Caissier (caisse) — Agent de saisie / caissier" in status
    assert "Base :" in status
    workspace.actor = admin
    window = MainWindow(ViewContext(workspace), AREAS)
    qtbot.addWidget(window)
    assert {"home", "cash", "reference", "administration"} <= set(window.areas)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    n = list(window.areas).index("administration") + 1
    qtbot.keyClick(window.nav, getattr(Qt.Key, f"Key_{n}"), Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.areas["administration"]


def test_the_whole_window_works_in_english(qtbot: QtBot, workspace: Workspace, admin) -> None:
    from centre_app.views import i18n

    i18n.set_language("en")
    try:
        workspace.actor = admin
        window = MainWindow(ViewContext(workspace), AREAS)
        qtbot.addWidget(window)
        titles = [window.areas["reference"].tabText(i) for i in range(window.areas["reference"].count())]
        assert titles[:2] == ["Parties", "Producer organisations"]
        assert window.nav.item(0).text() == "Home"
    finally:
        i18n.set_language("fr")
    window = MainWindow(ViewContext(workspace), AREAS)
    qtbot.addWidget(window)
    assert window.nav.item(0).text() == "Accueil"


def test_every_page_fits_a_1366_pixel_screen(qtbot: QtBot, workspace: Workspace, admin) -> None:
    """The office PC has a 1366 × 768 screen: no page may force the window wider (filter bars, labels)."""
    workspace.actor = admin
    window = MainWindow(ViewContext(workspace), AREAS)
    qtbot.addWidget(window)
    too_wide = [
        (key, type(tabs.widget(i)).__name__, tabs.widget(i).minimumSizeHint().width())
        for key, tabs in window.areas.items()
        for i in range(tabs.count())
        if tabs.widget(i).minimumSizeHint().width() > 1366 - window.nav.width() - 24
    ]
    assert too_wide == []
    assert window.minimumSizeHint().width() <= 1366
