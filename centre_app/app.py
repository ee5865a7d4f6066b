"""Composition root: QApplication, translations, open and migrate the database, setup, login, main window.

Maintenance is wired here too: the start-up checks (quick at every start, complete weekly) run from the
opening, while the login dialog waits for the password, and logging in waits for them (views/checked_login.py);
a defect is explained with an offer to restore the latest verified backup — the application never works
silently on a damaged file. After login a daily automatic backup is made
(status bar), with a warning when the backup folder is missing; another one is made at closing.
The screen locks after inactivity (views/session_lock.py); another user may take over from the lock
screen, and then gets a fresh main window for their own role.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QFileDialog, QLabel, QMessageBox

from centre_app.domain.errors import DomainError, message
from centre_app.services import early
from centre_app.views.checked_login import BackgroundCheck, CheckedLoginDialog, EarlyStart
from centre_app.views.i18n import _, set_language

if TYPE_CHECKING:
    from centre_app.services import startup
    from centre_app.services.context import Actor
    from centre_app.services.workspace import Workspace
    from centre_app.views.main_window import MainWindow

# What the login dialog does not need (SQLAlchemy, the services, the screens) is imported inside the functions
# below: on a database at the code's version the dialog is shown first and they load while the password is
# typed (views/checked_login.py EarlyStart, PRODUCT.md §15, start-up).

log = logging.getLogger("centre_app")


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Centre de services")
    app.setOrganizationName("CentreServices")
    return app


def install_language(app: QApplication, language: str) -> None:
    set_language(language)
    if language == "fr":
        QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.BurkinaFaso))
        translator = QTranslator(app)
        # Qt's own dialogs (file dialogs, standard buttons) in French.
        if translator.load("qtbase_fr", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)


def setup_logging(db_path: Path | str) -> None:
    if isinstance(db_path, str):  # a PostgreSQL URL: the log stays on this PC, in the data folder
        from platformdirs import user_data_dir

        db_path = Path(user_data_dir("CentreServices", appauthor=False)) / "centre-postgresql.db"
        db_path.parent.mkdir(parents=True, exist_ok=True)
    log_file = db_path.with_suffix(".log")
    logging.basicConfig(filename=log_file, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


# --- a damaged database at start-up ---------------------------------------------------------------------------


def ask(box: QMessageBox) -> QAbstractButton | None:
    """Show a message box and return the button clicked (tests replace it)."""
    box.exec()
    return box.clickedButton()


def offer_restore(db_path: Path, defects: list[str], *, can_continue: bool, close: Callable[[], None]) -> bool:
    """Explain the defects found and offer the latest verified backup. True: go on with this database.

    The restore runs before anyone logs in (the accounts of a damaged file cannot be trusted); nothing
    is lost: the damaged file is kept beside the restored one.
    """
    from centre_app.domain.formatting import format_datetime
    from centre_app.services import backup, startup
    from centre_app.services.context import SYSTEM
    from centre_app.views.backups_page import busy

    with busy():
        latest = backup.latest_verified_backup(*startup.candidate_folders(db_path))
    listed = "\n".join(f"• {d}" for d in defects[:5])
    text = _("The check made at start-up found a problem in the database {path}:").format(path=db_path)
    text += "\n\n" + listed + "\n\n"
    if latest is not None:
        text += _(
            "The latest verified backup dates from {date} ({file}). Restoring it brings back the data of "
            "that moment; the current file is kept beside it."
        ).format(date=format_datetime(latest.created_at), file=latest.path)
    else:
        text += _("No verified backup was found. Choose a backup file, or call the administrator.")
    if can_continue:
        text += "\n\n" + _("You may also go on with this database: the problem is recorded in the event journal.")
    box = QMessageBox(QMessageBox.Icon.Critical, _("Problem in the database"), text)
    restore_button = box.addButton(_("Restore this backup"), QMessageBox.ButtonRole.AcceptRole) if latest else None
    choose_button = box.addButton(_("Choose a backup…"), QMessageBox.ButtonRole.ActionRole)
    go_on_button = box.addButton(_("Go on anyway"), QMessageBox.ButtonRole.DestructiveRole) if can_continue else None
    box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    clicked = ask(box)
    if clicked is not None and clicked is go_on_button:
        return True
    if latest is not None and clicked is restore_button:
        chosen = latest.path
    elif clicked is choose_button:
        folders = startup.candidate_folders(db_path)
        path, _filter = QFileDialog.getOpenFileName(
            None, _("Restore a backup"), str(folders[0] if folders else db_path.parent), _("Backups (*.zip)")
        )
        if not path:
            return False
        chosen = Path(path)
    else:
        return False
    close()
    with busy():
        try:
            kept = backup.restore(chosen, db_path, actor=SYSTEM)
        except DomainError as error:
            QMessageBox.critical(None, _("Restore refused"), message(error))
            return False
    done = _("The backup {file} has been restored.").format(file=chosen.name)
    if kept is not None:
        done += "\n" + _("The damaged database is kept as {file}.").format(file=kept)
    done += "\n\n" + _("Start the application again to work on the restored data.")
    QMessageBox.information(None, _("Restore finished"), done)
    return False


def check_at_startup(workspace: Workspace, report: startup.StartupReport | None = None) -> bool:
    """Start-up checks (or their ``report``, made meanwhile); on a defect, explain it and offer a restore.
    True: the application may go on."""
    from centre_app.services import startup

    report = report or startup.run_startup_checks(workspace.db, date.today())
    if report.ok or workspace.db.path is None:
        return True
    messages = [d.message for d in report.defects]
    return offer_restore(workspace.db.path, messages, can_continue=not report.damaged_file, close=workspace.close)


# --- automatic backups ----------------------------------------------------------------------------------------


def backup_after_login(window: MainWindow, workspace: Workspace) -> startup.AutomaticBackup:
    """Once a day, after login: back up (status bar) and warn when the backup folder is missing."""
    from centre_app.services import startup
    from centre_app.views.backups_page import busy

    status = window.statusBar()
    status.showMessage(_("Automatic backup in progress…"))
    QApplication.processEvents()
    with busy():
        outcome = startup.automatic_backup(workspace.db, datetime.now(), workspace.actor)
    if outcome.info is not None:
        status.showMessage(_("Automatic backup written: {file}").format(file=outcome.info.path), 20_000)
    else:
        status.clearMessage()
    if outcome.due and outcome.warning:
        QMessageBox.warning(window, _("Backup folder"), outcome.warning)
    if outcome.error:
        QMessageBox.warning(window, _("Automatic backup failed"), outcome.error)
    return outcome


def backup_at_closing(workspace: Workspace) -> startup.AutomaticBackup | None:
    """At closing (``aboutToQuit``): always back up, unless a restore just replaced the file."""
    from centre_app.services import startup
    from centre_app.views.backups_page import RESTORED_PROPERTY

    app = QApplication.instance()
    if workspace.actor is None or (app is not None and app.property(RESTORED_PROPERTY)):
        return None
    notice = QLabel(_("Backup before closing, please wait…"))
    notice.setWindowFlags(Qt.WindowType.SplashScreen)
    notice.setMargin(24)
    notice.show()
    QApplication.processEvents()
    try:
        return startup.automatic_backup(workspace.db, datetime.now(), workspace.actor, only_if_due=False)
    except Exception:  # never block the closing: the next start will back up again
        log.exception("backup at closing failed")
        return None
    finally:
        notice.close()


def _open(db_path: Path | str) -> Workspace | None:
    from sqlalchemy.exc import DatabaseError

    from centre_app.services.workspace import Workspace

    try:
        return Workspace.open(db_path)
    except DomainError as exc:
        set_language("fr")
        QMessageBox.critical(None, _("Cannot open the database"), message(exc))
        return None
    except (DatabaseError, sqlite3.DatabaseError) as exc:  # a damaged file fails while being opened
        set_language("fr")
        log.exception("database cannot be opened")
        detail = str(getattr(exc, "orig", None) or exc)
        if isinstance(db_path, str):  # a server: its backups are restored on the server
            QMessageBox.critical(None, _("Cannot open the database"), detail)
            return None
        offer_restore(db_path, [detail], can_continue=False, close=lambda: None)
        return None


def main(db_path: Path | str) -> int:
    """Open the database file ``db_path``, or the PostgreSQL database when it is a ``postgresql://`` URL (text)."""
    app = make_application()
    facts = early.peek(db_path)
    if facts is not None:  # a file at the code's version, with users: the login dialog at once
        code = _early_login(app, Path(db_path), facts)
        if code is not None:
            return code
    return _open_then_login(app, db_path)


def import_screens() -> None:
    """Load the main window's modules (while the password is typed: the login dialog runs it once painted)."""
    from centre_app.views import areas, main_window  # noqa: F401 - imported for their cost, now


def _early_login(app: QApplication, db_path: Path, facts: early.EarlyFacts) -> int | None:
    """The login dialog shown before anything heavy is loaded; the database opens meanwhile (EarlyStart).
    None when that opening failed: :func:`_open_then_login` opens the file again and explains the problem."""
    setup_logging(db_path)
    install_language(app, facts.language)
    dialog = CheckedLoginDialog(None, facts.centre_name, EarlyStart(db_path))
    dialog.after_first_paint = import_screens
    code = dialog.exec()
    workspace = dialog.workspace
    if code == CheckedLoginDialog.NOT_OPENED:
        return None
    if workspace is None:  # closed before logging in
        return 0
    try:
        actor = dialog.actor if code == QDialog.DialogCode.Accepted else None
        if code == CheckedLoginDialog.DEFECT:
            if not check_at_startup(workspace, dialog.report):
                return 0
            actor = login(workspace, facts.centre_name, None)  # « go on anyway »: the defect is journaled
        if actor is None:
            return 0
        return run_sessions(app, workspace, actor)
    finally:
        workspace.close()


def _open_then_login(app: QApplication, db_path: Path | str) -> int:
    """The usual way: open (and upgrade) the database, then the setup wizard or the login dialog."""
    from sqlalchemy.exc import DatabaseError

    from centre_app.services import settings as settings_service
    from centre_app.services.users import has_users
    from centre_app.views.setup_wizard import SetupWizard

    workspace = _open(db_path)
    if workspace is None:
        return 2
    setup_logging(db_path)
    try:
        language = workspace.read(lambda s: settings_service.get_value(s, "ui.language")) or "fr"
    except DatabaseError:
        language = "fr"
    install_language(app, language)
    try:
        check: BackgroundCheck | None = BackgroundCheck(workspace)  # runs while the password is typed
        if not workspace.read(has_users):
            if not check_at_startup(workspace, check.wait()) or not SetupWizard.run_setup(workspace):
                return 0
            check = None
        centre = workspace.read(settings_service.get_settings)
        actor = login(workspace, centre.name, check)
        if actor is None:
            return 0
        return run_sessions(app, workspace, actor)
    finally:
        workspace.close()


def login(workspace: Workspace, centre_name: str, check: BackgroundCheck | None) -> Actor | None:
    """The login dialog; « Log in » waits for the start-up check, and a defect it found is explained (restore
    offered) before anyone logs in (views/checked_login.py)."""
    while True:
        dialog = CheckedLoginDialog(workspace, centre_name, check)
        code = dialog.exec()
        if code != CheckedLoginDialog.DEFECT:
            return dialog.actor if code == QDialog.DialogCode.Accepted else None
        if not check_at_startup(workspace, dialog.report):
            return None
        check = None  # « go on anyway »: the defect is journaled


def run_sessions(app: QApplication, workspace: Workspace, actor: Actor) -> int:
    """The main window until the application quits. When another user logs in from the lock screen
    (``SessionLock``), the locked session's windows are closed and a window is built for the new user's role."""
    from centre_app.views.areas import AREAS
    from centre_app.views.context import ViewContext
    from centre_app.views.main_window import MainWindow
    from centre_app.views.session_lock import SWITCH_USER_EXIT, SessionLock

    closing: list[startup.AutomaticBackup | None] = []
    lock: list[SessionLock] = []

    def about_to_quit() -> None:
        if not (lock and lock[-1].next_actor):  # not when another user takes over
            closing.append(backup_at_closing(workspace))

    app.aboutToQuit.connect(about_to_quit)
    try:
        while True:
            old_windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
            workspace.actor = actor
            ctx = ViewContext(workspace)
            window = MainWindow(ctx, AREAS)
            lock.append(SessionLock(ctx, window))
            window.showMaximized()
            for old in old_windows:  # after the new window is shown: the application never has none
                old.close()
                old.deleteLater()
            backup_after_login(window, workspace)
            code = app.exec()
            switched = lock[-1].next_actor
            if code != SWITCH_USER_EXIT or switched is None:
                break
            lock[-1].dispose()
            actor = switched
    finally:
        app.aboutToQuit.disconnect(about_to_quit)
    if closing and closing[0] is not None and closing[0].error:
        QMessageBox.warning(None, _("Automatic backup failed"), closing[0].error)
    return code
