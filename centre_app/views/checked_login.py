"""The start-up check runs while the login dialog waits for the password (PRODUCT.md §15, start-up).

On ten years of data ``PRAGMA quick_check`` and the foreign-key check read the whole file: about a second,
about the time a clerk takes to type a name and a password. So the check starts with the application, in a
thread of its own (its own connection: SQLite in WAL mode reads beside the dialog), and logging in waits for it:
nothing is written to the file — not even the login event — before the check is over. A defect closes the
dialog with :attr:`CheckedLoginDialog.DEFECT`; the application then explains it and offers a restore, as before.
"""

from __future__ import annotations

import threading
from datetime import date

from PySide6.QtWidgets import QWidget

from centre_app.services import startup
from centre_app.services.workspace import Workspace
from centre_app.views.backups_page import busy
from centre_app.views.login_dialog import LoginDialog


class BackgroundCheck:
    """``startup.run_startup_checks`` in a thread; :meth:`wait` gives its report (or raises its error)."""

    def __init__(self, workspace: Workspace, today: date | None = None) -> None:
        self._db = workspace.db
        self._today = today or date.today()
        self._report: startup.StartupReport | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="startup-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._report = startup.run_startup_checks(self._db, self._today)
        except BaseException as error:  # handed to the main thread by wait()
            self._error = error

    @property
    def done(self) -> bool:
        return not self._thread.is_alive()

    def wait(self) -> startup.StartupReport:
        if not self.done:
            with busy():
                self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._report is not None
        return self._report


class CheckedLoginDialog(LoginDialog):
    """The login dialog whose « Log in » first waits for the start-up check."""

    DEFECT = 2  # exec() result: the check found a defect, nobody logged in

    def __init__(
        self, workspace: Workspace, centre_name: str, check: BackgroundCheck | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(workspace, centre_name, parent)
        self.check = check
        self.report: startup.StartupReport | None = None

    def try_login(self) -> None:
        if self.check is not None:
            self.report = self.check.wait()
            if not self.report.ok:
                self.done(self.DEFECT)
                return
        super().try_login()
