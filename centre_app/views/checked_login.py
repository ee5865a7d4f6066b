"""The login dialog shown at once, while the database opens and the start-up check runs (PRODUCT.md §15).

On ten years of data ``PRAGMA quick_check`` and the foreign-key check read the whole file: about a second,
about the time a clerk takes to type a name and a password. So the check starts with the application, in a
thread of its own (its own connection: SQLite in WAL mode reads beside the dialog), and logging in waits for it:
nothing is written to the file — not even the login event — before the check is over. A defect closes the
dialog with :attr:`CheckedLoginDialog.DEFECT`; the application then explains it and offers a restore, as before.

:class:`EarlyStart` goes one step further for a database file already at the code's schema version: the dialog
is shown before SQLAlchemy and the services are even imported (services/early.py read the centre's name with
``sqlite3``); the thread imports them, opens the database, then runs the check. « Log in » waits for both. This
module stays light on imports for that reason.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QWidget

from centre_app.views.login_dialog import LoginDialog

if TYPE_CHECKING:
    from centre_app.services.startup import StartupReport
    from centre_app.services.workspace import Workspace

log = logging.getLogger("centre_app")


class BackgroundCheck:
    """``startup.run_startup_checks`` in a thread; :meth:`wait` gives its report (or raises its error)."""

    def __init__(self, workspace: Workspace, today: date | None = None) -> None:
        self._workspace: Workspace | None = workspace
        self._today = today or date.today()
        self._report: StartupReport | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="startup-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._report = self._check()
        except BaseException as error:  # handed to the main thread by wait()
            self._error = error

    def _check(self) -> StartupReport:
        from centre_app.services import startup

        assert self._workspace is not None
        return startup.run_startup_checks(self._workspace.db, self._today)

    @property
    def done(self) -> bool:
        return not self._thread.is_alive()

    def wait(self) -> StartupReport:
        if not self.done:
            from centre_app.views.backups_page import busy

            with busy():
                self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._report is not None
        return self._report


class EarlyStart(BackgroundCheck):
    """Import the services, open the database file ``target``, then the start-up check — in the thread."""

    def __init__(self, target: Path, today: date | None = None) -> None:
        self._target = target
        self._opened = threading.Event()
        super().__init__(None, today)  # type: ignore[arg-type]

    def _check(self) -> StartupReport:
        try:
            from centre_app.services.workspace import Workspace

            self._workspace = Workspace.open(self._target, create=False)
        finally:
            self._opened.set()
        return super()._check()

    def workspace(self) -> Workspace:
        """The opened database (waiting for it); raises what prevented the opening."""
        if not self._opened.is_set():
            from centre_app.views.backups_page import busy

            with busy():
                self._opened.wait()
        if self._workspace is None:
            self._thread.join()
            assert self._error is not None
            raise self._error
        return self._workspace


class CheckedLoginDialog(LoginDialog):
    """The login dialog whose « Log in » first waits for the start-up check (and for the opening, when the
    dialog was shown before it: ``workspace`` None and ``check`` an :class:`EarlyStart`)."""

    DEFECT = 2  # exec() result: the check found a defect, nobody logged in
    NOT_OPENED = 3  # exec() result: the early opening failed; the application opens the file the usual way

    def __init__(
        self,
        workspace: Workspace | None,
        centre_name: str,
        check: BackgroundCheck | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(workspace, centre_name, parent)  # type: ignore[arg-type]
        self.check = check
        self.report: StartupReport | None = None
        self.after_first_paint: Callable[[], None] | None = None  # e.g. load the screens' modules meanwhile
        self._painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            if self.after_first_paint is not None:  # once the clerk sees the dialog, not before
                QTimer.singleShot(0, self.after_first_paint)

    def try_login(self) -> None:
        if self.workspace is None:
            assert isinstance(self.check, EarlyStart)
            try:
                self.workspace = self.check.workspace()
            except Exception:  # the usual opening runs again and explains it (a damaged file: restore offered)
                log.exception("early opening failed")
                self.done(self.NOT_OPENED)
                return
        if self.check is not None:
            self.report = self.check.wait()
            if not self.report.ok:
                self.done(self.DEFECT)
                return
        super().try_login()
