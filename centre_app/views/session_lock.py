"""Locking the screen after inactivity (setting « security.session_timeout_minutes », 0 = never).

An application-wide event filter restarts a single-shot timer on every key, click, wheel or mouse move.
When it fires, every open window — the main window and any dialog, modal or not — is covered by an opaque
veil (nothing stays readable, the window titles too) and the password is asked again in an
application-modal dialog above them. Nothing is closed: dialogs running ``exec()`` keep what was typed.

- The same user types their password: the veils go, the user continues exactly where they were.
- Another user logs in from the lock screen (the manager at the clerk's desk): the open windows of the
  locked session are closed without saving what was not saved, and the application rebuilds its main
  window for the new user's role (``app.run_sessions``). Nobody ever works under another person's name.
- « Quit the application » closes it (the closing backup still runs); Échap does nothing.

Locks and unlocks are journaled (« session.locked », « session.unlocked », or « login » + « logout »);
wrong passwords count towards the account lockout as at login. Ctrl+Maj+L locks at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QToolTip, QVBoxLayout, QWidget
from shiboken6 import isValid

from centre_app.services import users
from centre_app.services.context import Actor
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _
from centre_app.views.login_dialog import LoginDialog

log = logging.getLogger("centre_app")

SWITCH_USER_EXIT = 21  # ``app.exec()`` ends with this code when another user took over from the lock screen
ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
VEIL_COLOUR = "#26343c"
VEIL_NAME = "session_veil"


def cover(window: QWidget) -> QWidget:
    """An opaque veil over one window while the session is locked; the window's title is hidden too.

    A plain QWidget on purpose: deleting a Python subclass of a widget that a nested event loop (a dialog's
    ``exec()``) created crashed PySide6 6.12 in the tests.
    """
    veil = QWidget(window)
    veil.setObjectName(VEIL_NAME)
    veil.setProperty("covered_title", window.windowTitle())
    veil.setAutoFillBackground(True)
    palette = veil.palette()
    palette.setColor(QPalette.ColorRole.Window, VEIL_COLOUR)
    veil.setPalette(palette)
    label = QLabel(_("Session locked"), veil)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setStyleSheet("color: #d8e0e4; font-size: 14pt;")
    QVBoxLayout(veil).addWidget(label)
    window.setWindowTitle(_("Session locked"))
    veil.setGeometry(window.rect())
    veil.raise_()
    veil.show()
    return veil


def uncover(veil: QWidget) -> None:
    if not isValid(veil):
        return
    window = veil.parentWidget()
    if window is not None:
        window.setWindowTitle(str(veil.property("covered_title") or ""))
    veil.hide()
    veil.deleteLater()


class UnlockDialog(LoginDialog):
    """The login dialog asking the locked user's password again (another user may log in instead)."""

    quit_requested = Signal()

    def __init__(self, ctx: ViewContext, locked: Actor, minutes: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx.workspace, ctx.settings().name, parent)
        self.locked = locked
        self.setWindowTitle(_("Session locked"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setObjectName("unlock_dialog")
        if minutes:
            text = _("The session of {name} was locked after {minutes} min without activity.")
        else:
            text = _("The session of {name} is locked.")
        note = QLabel(
            text.format(name=locked.full_name, minutes=minutes)
            + "\n"
            + _("Type the password to go on where you were.")
            + "\n"
            + _("Another user may log in: the open windows are then closed, without saving what was not saved."),
            self,
        )
        note.setObjectName("lock_note")
        note.setWordWrap(True)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, note)
        self.username.setText(locked.username)
        self.buttons.rejected.disconnect()
        quit_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        quit_button.setText(_("Quit the application"))
        quit_button.clicked.connect(self.quit_requested.emit)
        self.password.setFocus()

    def authenticate(self, name: str, secret: str) -> users.LoginOutcome:
        return self.workspace.run(lambda s: users.unlock_session(s, self.locked, name, secret))

    def reject(self) -> None:
        """Échap and the window's close button leave the screen locked."""


class SessionLock(QObject):
    """Watches the keyboard and mouse of the whole application and locks the session when idle."""

    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        ctx: ViewContext,
        window: QWidget,
        *,
        on_switch: Callable[[Actor], None] | None = None,
        on_quit: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.on_switch = on_switch or (lambda _actor: QApplication.exit(SWITCH_USER_EXIT))
        self.on_quit = on_quit or QApplication.quit
        self.next_actor: Actor | None = None  # another user who logged in from the lock screen
        self.dialog: UnlockDialog | None = None
        self.veils: list[QWidget] = []
        self._focus: QWidget | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)  # one timer: exactness costs nothing
        self.timer.timeout.connect(self.lock)
        self.minutes = 0
        self.set_minutes(ctx.settings().session_timeout_minutes)
        ctx.changed.connect(self._changed)
        QShortcut(QKeySequence("Ctrl+Shift+L"), window, activated=lambda: self.lock(manual=True))
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    # -- the timer -------------------------------------------------------------------------------------
    def set_minutes(self, minutes: int) -> None:
        self.minutes = minutes
        self.set_interval(minutes * 60_000)

    def set_interval(self, milliseconds: int) -> None:
        """Inactivity before locking (tests use a few milliseconds); 0 never locks."""
        self.timer.setInterval(milliseconds)
        if milliseconds > 0 and self.dialog is None:
            self.timer.start()
        else:
            self.timer.stop()

    def _changed(self, areas: set[str]) -> None:
        if "settings" in areas:
            self.set_minutes(self.ctx.settings().session_timeout_minutes)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in ACTIVITY:
            if self.dialog is None and self.timer.interval() > 0:
                self.timer.start()
        elif kind == QEvent.Type.Resize and self.veils:
            for veil in self.veils:  # a covered window keeps its veil at its size
                if isValid(veil) and veil.parentWidget() is watched:
                    veil.setGeometry(veil.parentWidget().rect())
                    veil.raise_()
        return False

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    # -- locking ---------------------------------------------------------------------------------------
    def lock(self, manual: bool = False) -> None:
        locked = self.ctx.actor
        if self.dialog is not None or locked is None:
            return
        self.timer.stop()
        for _n in range(10):  # an open menu or combo box list closes first
            popup = QApplication.activePopupWidget()
            if popup is None:
                break
            popup.close()
        QToolTip.hideText()
        self._focus = QApplication.focusWidget()
        windows = [w for w in QApplication.topLevelWidgets() if _is_covered(w)]
        self.veils = [cover(w) for w in windows]
        minutes = 0 if manual else self.minutes
        try:
            self.ctx.workspace.run(lambda s: users.lock_session(s, minutes))
        except Exception:  # the screen is locked even if the journal cannot be written
            log.exception("the session lock could not be journaled")
        parent = QApplication.activeModalWidget() or self.window
        self.dialog = UnlockDialog(self.ctx, locked, minutes, parent)
        self.dialog.accepted.connect(self._accepted)
        self.dialog.quit_requested.connect(self.on_quit)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.locked.emit()

    def _accepted(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None or dialog.actor is None:
            return
        dialog.deleteLater()
        if dialog.actor.user_id == dialog.locked.user_id:
            self._uncover()
            self.unlocked.emit()
            return
        self.next_actor = dialog.actor  # the veils stay until the old session's windows are closed
        self.on_switch(dialog.actor)

    def _uncover(self) -> None:
        for veil in self.veils:
            uncover(veil)
        self.veils = []
        if self._focus is not None and isValid(self._focus):
            self._focus.window().activateWindow()
            self._focus.setFocus()
            self._focus = None
        if self.timer.interval() > 0:
            self.timer.start()

    def dispose(self) -> None:
        """Stop watching (the session ends): the application-wide filter goes with this object."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


def _is_covered(widget: QWidget) -> bool:
    kind = widget.windowType()
    return widget.isVisible() and kind in (Qt.WindowType.Window, Qt.WindowType.Dialog, Qt.WindowType.Sheet)
