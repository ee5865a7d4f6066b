"""Session lock after inactivity: covers every window (modal dialogs too), the same user continues where
they were, another user takes over with a window for their role, the timeout comes from the settings."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLineEdit, QMainWindow, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from centre_app import app as app_module
from centre_app.services import events
from centre_app.services.context import Actor
from centre_app.services.workspace import Workspace
from centre_app.views.areas import AREAS
from centre_app.views.context import ViewContext
from centre_app.views.login_dialog import LoginDialog
from centre_app.views.main_window import MainWindow
from centre_app.views.session_lock import VEIL_COLOUR, VEIL_NAME, SessionLock, UnlockDialog
from centre_app.views.settings_page import SettingsPage
from tests.conftest import PASSWORD


class Recorder:
    def __init__(self) -> None:
        self.switched: list[Actor] = []
        self.quits = 0

    def switch(self, actor: Actor) -> None:
        self.switched.append(actor)

    def quit(self) -> None:
        self.quits += 1


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def ctx(workspace: Workspace) -> ViewContext:
    return ViewContext(workspace)


def _release(lock: SessionLock) -> None:
    """Teardown: an application-modal lock screen left open would block the keyboard of the next tests."""
    if lock.dialog is not None:
        lock.dialog.done(0)
        lock.dialog.deleteLater()
    lock.dispose()


@pytest.fixture
def office(qtbot: QtBot, ctx: ViewContext, recorder: Recorder) -> Iterator[tuple[QMainWindow, QLineEdit, SessionLock]]:
    """A small window with a customer's name typed in, watched by a lock (no real 15-minute wait)."""
    window = QMainWindow()
    window.setWindowTitle("Caisse — DICKO Aïssata")
    body = QWidget(window)
    field = QLineEdit("DICKO Aïssata, 125 000 F", body)
    QVBoxLayout(body).addWidget(field)
    window.setCentralWidget(body)
    window.resize(800, 500)
    qtbot.addWidget(window)
    lock = SessionLock(ctx, window, on_switch=recorder.switch, on_quit=recorder.quit)
    window.show()
    qtbot.waitExposed(window)
    yield window, field, lock
    _release(lock)


def _events(workspace: Workspace, n: int) -> list[events.EventRow]:
    return list(reversed(workspace.read(lambda s: events.list_events(s, limit=n))))


def _veils(widget: QWidget) -> list[QWidget]:
    found = widget.findChildren(QWidget, VEIL_NAME, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return [v for v in found if v.isVisible()]


def _unlock(qtbot: QtBot, dialog: UnlockDialog, password: str, username: str | None = None) -> None:
    if username is not None:
        dialog.username.clear()
        qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_the_main_window_locks_after_inactivity_and_shows_nothing(qtbot: QtBot, ctx: ViewContext) -> None:
    window = MainWindow(ctx, AREAS)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    lock = SessionLock(ctx, window, on_switch=lambda a: None, on_quit=lambda: None)
    assert lock.minutes == 15  # the default setting
    assert lock.timer.interval() == 15 * 60_000
    lock.set_interval(80)  # the test does not wait a quarter of an hour
    with qtbot.waitSignal(lock.locked, timeout=1000):
        pass
    [veil] = _veils(window)
    assert veil.geometry() == window.rect()
    assert window.windowTitle() == "Session verrouillée"
    image = window.grab().toImage()
    colour = QColor(VEIL_COLOUR)
    w, h = image.width(), image.height()
    for x, y in ((5, 5), (60, h // 3), (w // 2, 40), (w - 10, h - 10), (w // 4, h - 30)):  # navigation, tabs, status
        assert image.pixelColor(x, y) == colour, (x, y)
    dialog = lock.dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.windowModality() == Qt.WindowModality.ApplicationModal
    assert dialog.username.text() == "caisse"
    note = dialog.findChild(type(dialog.error), "lock_note").text()
    assert "La session de Issa Caissier a été verrouillée après 15 min sans activité." in note
    last = _events(ctx.workspace, 1)[0]
    assert (last.kind, last.username, json.loads(last.detail)) == (
        "session.locked",
        "caisse",
        {"minutes": 15, "username": "caisse"},
    )
    _unlock(qtbot, dialog, PASSWORD)
    assert not lock.is_locked
    lock.dispose()
    assert _veils(window) == []
    assert window.windowTitle().startswith("Centre de test de Djibo — centre_app ")


def test_keys_and_mouse_restart_the_countdown(qtbot: QtBot, office) -> None:
    _window, field, lock = office
    lock.set_interval(60_000)
    qtbot.wait(40)
    before = lock.timer.remainingTime()
    qtbot.keyClicks(field, "x")
    after_key = lock.timer.remainingTime()
    assert after_key > before
    qtbot.wait(40)
    before = lock.timer.remainingTime()
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    assert lock.timer.remainingTime() > before
    assert not lock.is_locked


def test_a_wrong_password_keeps_the_lock_then_the_same_user_continues(qtbot: QtBot, office, workspace) -> None:
    window, field, lock = office
    lock.lock()
    dialog = lock.dialog
    assert dialog is not None
    assert window.windowTitle() == "Session verrouillée"
    _unlock(qtbot, dialog, "faux")
    assert lock.is_locked
    assert dialog.error.text() == "Nom d'utilisateur ou mot de passe incorrect."
    assert dialog.password.text() == ""
    assert len(_veils(window)) == 1
    _unlock(qtbot, dialog, PASSWORD)
    assert not lock.is_locked
    assert _veils(window) == []
    assert window.windowTitle() == "Caisse — DICKO Aïssata"
    assert field.text() == "DICKO Aïssata, 125 000 F"  # where they were
    assert lock.timer.isActive()
    kinds = [e.kind for e in _events(workspace, 3)]
    assert kinds == ["session.locked", "login.failed", "session.unlocked"]  # no new « login »


def test_escape_and_the_close_button_leave_the_screen_locked(qtbot: QtBot, office) -> None:
    window, _field, lock = office
    lock.lock()
    dialog = lock.dialog
    assert dialog is not None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.close()
    assert dialog.isVisible()
    assert lock.is_locked
    assert len(_veils(window)) == 1


def test_quit_from_the_lock_screen(qtbot: QtBot, office, recorder: Recorder) -> None:
    _window, _field, lock = office
    lock.lock()
    dialog = lock.dialog
    assert dialog is not None
    quit_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert quit_button.text() == "Quitter l'application"
    qtbot.mouseClick(quit_button, Qt.MouseButton.LeftButton)
    assert recorder.quits == 1
    assert lock.is_locked


def test_a_modal_dialog_in_exec_is_covered_and_keeps_what_was_typed(qtbot: QtBot, office) -> None:
    """The real case: the timer fires while a dialog runs its own event loop (exec)."""
    window, _field, lock = office
    form = QDialog(window)
    form.setWindowTitle("Nouveau reçu — DICKO Aïssata")
    amount = QLineEdit(form)
    QVBoxLayout(form).addWidget(amount)
    amount.setText("75 000")
    seen: dict[str, object] = {}

    def while_the_dialog_is_open() -> None:
        try:
            lock.set_interval(30)
            qtbot.waitSignal(lock.locked, timeout=1000).wait()
            dialog = lock.dialog
            assert dialog is not None
            seen["covered"] = (len(_veils(window)), len(_veils(form)), form.windowTitle())
            seen["on_top"] = QApplication.activeModalWidget() is dialog
            seen["form_still_open"] = form.isVisible()
            _unlock(qtbot, dialog, PASSWORD)
            seen["after"] = (lock.is_locked, _veils(form), form.windowTitle(), amount.text(), form.isVisible())
        finally:
            lock.set_interval(0)
            form.accept()

    QTimer.singleShot(0, while_the_dialog_is_open)
    assert form.exec() == QDialog.DialogCode.Accepted
    assert seen["covered"] == (1, 1, "Session verrouillée")
    assert seen["on_top"] is True
    assert seen["form_still_open"] is True
    assert seen["after"] == (False, [], "Nouveau reçu — DICKO Aïssata", "75 000", True)


def test_another_user_takes_over_from_the_lock_screen(qtbot: QtBot, office, recorder: Recorder, workspace) -> None:
    window, _field, lock = office
    lock.lock()
    dialog = lock.dialog
    assert dialog is not None
    _unlock(qtbot, dialog, PASSWORD, username="gestion")
    [manager] = recorder.switched
    assert (manager.username, lock.next_actor) == ("gestion", manager)
    assert len(_veils(window)) == 1  # the clerk's work stays hidden until the window is replaced
    journal = _events(workspace, 3)
    assert [(e.kind, e.username) for e in journal] == [
        ("session.locked", "caisse"),
        ("login", "gestion"),
        ("logout", "caisse"),
    ]


def test_the_timeout_follows_the_settings(qtbot: QtBot, workspace: Workspace, admin: Actor) -> None:
    workspace.actor = admin
    ctx = ViewContext(workspace)
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    lock = SessionLock(ctx, page, on_switch=lambda a: None, on_quit=lambda: None)
    assert page.session_timeout.value() == 15
    page.session_timeout.setValue(5)
    assert page.save() == ["security.session_timeout_minutes"]
    assert (lock.minutes, lock.timer.interval(), lock.timer.isActive()) == (5, 300_000, True)
    page.session_timeout.setValue(0)
    assert page.session_timeout.text() == "jamais"
    page.save()
    assert (lock.minutes, lock.timer.isActive()) == (0, False)
    qtbot.keyClick(page.session_timeout, Qt.Key.Key_Up)  # activity does not start a disabled lock
    assert not lock.timer.isActive()


def test_the_timeout_is_read_only_for_a_clerk(qtbot: QtBot, ctx: ViewContext) -> None:
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    assert not page.session_timeout.isEnabled()


def test_ctrl_shift_l_locks_at_once(qtbot: QtBot, office) -> None:
    window, field, lock = office
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert lock.is_locked
    dialog = lock.dialog
    assert dialog is not None
    assert "La session de Issa Caissier est verrouillée." in dialog.findChild(type(dialog.error), "lock_note").text()


def test_run_sessions_rebuilds_the_window_for_the_new_user(qtbot: QtBot, workspace: Workspace, clerk, monkeypatch):
    """app.run_sessions: the manager logs in from the clerk's lock screen and gets a manager's window."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    closings: list[str] = []
    monkeypatch.setattr(app_module, "backup_after_login", lambda window, ws: None)
    monkeypatch.setattr(app_module, "backup_at_closing", lambda ws: closings.append(ws.actor.username))
    seen: dict[str, object] = {}

    def main_windows() -> list[MainWindow]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]

    def step() -> None:
        windows = main_windows()
        if len(windows) != 1:
            return
        window = windows[0]
        lock = window.findChild(SessionLock)
        if window.ctx.actor.username == "caisse" and lock is not None and not lock.is_locked:
            lock.lock()
            dialog = lock.dialog
            assert dialog is not None
            dialog.username.setText("gestion")
            dialog.password.setText(PASSWORD)
            dialog.try_login()  # the application's loop ends and starts again for the manager
        elif window.ctx.actor.username == "gestion":
            seen["areas"] = sorted(window.areas)
            seen["veils"] = _veils(window)
            poll.stop()
            app.quit()

    poll = QTimer()
    poll.timeout.connect(step)
    poll.start(20)
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(lambda: app.exit(99))  # never hang the suite
    watchdog.start(8000)
    try:
        code = app_module.run_sessions(app, workspace, clerk)
    finally:
        poll.stop()
        watchdog.stop()  # a pending exit would end the event loops of the next tests
    assert code == 0
    assert workspace.actor.username == "gestion"
    assert seen["veils"] == []
    assert closings == ["gestion"]  # one closing backup, at the real end
    for window in main_windows():
        lock = window.findChild(SessionLock)
        if lock is not None:
            lock.dispose()
        window.close()
        window.deleteLater()
    # Closing the last window may post a « quit » for the application's loop; let a loop of its own take it,
    # or every event loop of the next tests would return at once.
    QTimer.singleShot(0, app.quit)
    app.exec()


def test_one_wrong_password_counts_once(qtbot: QtBot, workspace: Workspace) -> None:
    """Enter in a shown login dialog: the field logs in, the default button must not try a second time."""
    dialog = LoginDialog(workspace, "Centre de test")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.username, "caisse")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)  # next field, no attempt with an empty password
    qtbot.keyClicks(dialog.password, "faux")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert [e.kind for e in _events(workspace, 2)] == ["user.create", "login.failed"]
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [e.kind for e in _events(workspace, 2)] == ["login.failed", "login"]
