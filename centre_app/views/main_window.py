"""Main window: for now the tiers of the open database (the full shell comes with its issue)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from centre_app import __version__
from centre_app.services import settings as settings_service
from centre_app.services.workspace import Workspace
from centre_app.views.parties_page import PartiesPage


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        centre = workspace.read(settings_service.get_settings)
        title = centre.name or "Centre de services"
        self.setWindowTitle(f"{title} — centre_app {__version__}")
        self.parties_page = PartiesPage(workspace, self)
        self.setCentralWidget(self.parties_page)
        self.statusBar().addPermanentWidget(QLabel(f"Base : {workspace.location}"))
        self.resize(1280, 720)
