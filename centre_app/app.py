"""Composition root: QApplication, translations, open and migrate the database, setup, login, main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from centre_app.domain.errors import DomainError, message
from centre_app.services import settings as settings_service
from centre_app.services.users import has_users
from centre_app.services.workspace import Workspace
from centre_app.views.areas import AREAS
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _, set_language
from centre_app.views.login_dialog import LoginDialog
from centre_app.views.main_window import MainWindow
from centre_app.views.setup_wizard import SetupWizard


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


def setup_logging(db_path: Path) -> None:
    log_file = db_path.with_suffix(".log")
    logging.basicConfig(filename=log_file, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def main(db_path: Path) -> int:
    app = make_application()
    try:
        workspace = Workspace.open(db_path)
    except DomainError as exc:
        set_language("fr")
        QMessageBox.critical(None, _("Cannot open the database"), message(exc))
        return 2
    setup_logging(db_path)
    install_language(app, workspace.read(lambda s: settings_service.get_value(s, "ui.language")) or "fr")
    try:
        if not workspace.read(has_users) and not SetupWizard.run_setup(workspace):
            return 0
        centre = workspace.read(settings_service.get_settings)
        actor = LoginDialog.ask(workspace, centre.name)
        if actor is None:
            return 0
        workspace.actor = actor
        ctx = ViewContext(workspace)
        window = MainWindow(ctx, AREAS)
        window.showMaximized()
        return app.exec()
    finally:
        workspace.close()
