"""Composition root: QApplication, French translations, open and migrate the database, main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from centre_app.domain.errors import DomainError, message
from centre_app.services.workspace import Workspace
from centre_app.views.main_window import MainWindow


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Centre de services")
    app.setOrganizationName("CentreServices")
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.BurkinaFaso))
    translator = QTranslator(app)
    # Qt's own dialogs (buttons, file dialogs) in French.
    if translator.load("qtbase_fr", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    return app


def main(db_path: Path) -> int:
    app = make_application()
    try:
        workspace = Workspace.open(db_path)
    except DomainError as exc:
        QMessageBox.critical(None, "Ouverture impossible", message(exc))
        return 2
    window = MainWindow(workspace)
    window.show()
    try:
        return app.exec()
    finally:
        workspace.close()
