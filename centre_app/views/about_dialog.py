"""« À propos » : version, database file, log file, and the licences of the libraries shipped with the application.

The list of libraries is read from the installed packages' metadata (importlib.metadata): the runtime
requirements of centre-app, followed transitively, without the optional extras. In the Windows bundle
PyInstaller copies exactly those metadata folders (pyinstaller.spec uses :func:`bundled_distributions`
too), so the dialog lists what is really inside. Non-Python parts (Python, Qt, SQLite, the DejaVu fonts)
are added by hand. Opened from the status bar button « À propos » or with F1 (:func:`install_about`).
"""

from __future__ import annotations

import platform
import re
import sqlite3
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from centre_app import __version__
from centre_app.resources import resource
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _

APPLICATION_DIST = "centre-app"
# Used when the application's own metadata is missing (a source tree that was never pip-installed).
DIRECT_REQUIREMENTS = (
    "PySide6-Essentials",
    "PySide6-Addons",
    "PySide6-Pdf",
    "SQLAlchemy",
    "alembic",
    "reportlab",
    "babel",
    "openpyxl",
    "platformdirs",
)


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str:
    return re.split(r"[\s;<>=!~\[(]", requirement.strip(), maxsplit=1)[0]


def _applies(requirement: str) -> bool:
    """Not an optional extra, and (when the ``packaging`` library can tell) meant for this interpreter."""
    if ";" not in requirement:
        return True
    marker = requirement.split(";", 1)[1]
    if "extra" in marker:
        return False
    try:
        from packaging.markers import Marker
    except ImportError:  # the bundle does not ship it: keep what is installed
        return True
    try:
        return bool(Marker(marker.strip()).evaluate())
    except Exception:
        return True


def bundled_distributions(root: str = APPLICATION_DIST) -> list[metadata.Distribution]:
    """The installed distributions the application needs at run time (not itself), sorted by name."""
    try:
        wanted = [r for r in metadata.requires(root) or [] if _applies(r)]
        names = [_requirement_name(r) for r in wanted]
    except metadata.PackageNotFoundError:
        names = list(DIRECT_REQUIREMENTS)
    found: dict[str, metadata.Distribution] = {}
    while names:
        name = names.pop()
        key = _canonical(name)
        if key in found or key == _canonical(root):
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found[key] = dist
        names += [_requirement_name(r) for r in dist.requires or [] if _applies(r)]
    return sorted(found.values(), key=lambda d: _canonical(d.metadata["Name"]))


def licence_of(dist: metadata.Distribution) -> str:
    """The licence as the package declares it: SPDX expression, short License field, or trove classifier."""
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    field = str(meta.get("License") or "").strip()
    if field and "\n" not in field and len(field) <= 60:
        return field
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    if classifiers:
        return ", ".join(classifiers)
    if field:
        return field.splitlines()[0][:40].rstrip(" ,(") + "…"
    return _("see the package")


def components() -> list[Component]:
    """Every third-party part shipped with the application, with its version and licence."""
    fonts_licence = resource("fonts", "LICENSE-DejaVu.txt")
    out = [
        Component("Python", platform.python_version(), "PSF-2.0"),
        Component("Qt", qVersion(), "LGPL-3.0-only"),
        Component("SQLite", sqlite3.sqlite_version, _("public domain")),
        Component(
            _("DejaVu fonts"),
            "2.37",
            _("free (Bitstream Vera)") if fonts_licence.exists() else _("free (Bitstream Vera), text missing"),
        ),
    ]
    out += [Component(d.metadata["Name"], d.version, licence_of(d)) for d in bundled_distributions()]
    return out


def app_icon() -> QIcon:
    icon = QIcon()
    for name in ("centre_app.png", "centre_app-48.png"):
        path = resource("icons", name)
        if path.exists():
            icon.addFile(str(path))
    return icon


class AboutDialog(QDialog):
    def __init__(self, location: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(_("About"))
        self.setMinimumSize(640, 520)
        self.location = location
        logo = QLabel(self)
        logo.setPixmap(
            QPixmap(str(resource("icons", "centre_app.png"))).scaled(
                72, 72, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )
        product = _("Services centre — management software")  # outside the f-string: babel extracts it there
        title = QLabel(f"<b style='font-size: 14pt'>{product}</b>", self)
        self.version = QLabel(_("Version {version}").format(version=__version__), self)
        self.version.setObjectName("version")
        self.database = QLabel(_("Database file: {path}").format(path=location), self)
        self.database.setObjectName("database")
        self.database.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.database.setWordWrap(True)
        lines = [self.version, self.database]
        if "://" not in location:
            self.log_file = QLabel(_("Log file: {path}").format(path=Path(location).with_suffix(".log")), self)
            self.log_file.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.log_file.setWordWrap(True)
            lines.append(self.log_file)
        runtime = QLabel(
            _("Python {python}, Qt {qt} (PySide6 {pyside}), {system}").format(
                python=platform.python_version(), qt=qVersion(), pyside=pyside_version, system=platform.platform(True)
            ),
            self,
        )
        runtime.setStyleSheet("color: #505050;")
        lines.append(runtime)
        head = QGridLayout()
        head.addWidget(logo, 0, 0, len(lines) + 1, 1, Qt.AlignmentFlag.AlignTop)
        head.addWidget(title, 0, 1)
        for row, label in enumerate(lines, start=1):
            head.addWidget(label, row, 1)
        head.setColumnStretch(1, 1)
        note = QLabel(
            _(
                "This software works without internet. It is built with the free libraries below, "
                "each distributed under its own licence."
            ),
            self,
        )
        note.setWordWrap(True)
        self.components = components()
        self.table = QTableWidget(len(self.components), 3, self)
        self.table.setObjectName("licences")
        self.table.setHorizontalHeaderLabels([_("Component"), _("Release"), _("Licence")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, part in enumerate(self.components):
            for col, text in enumerate((part.name, part.version, part.licence)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = QPushButton(_("Copy these details"), self)
        copy.setToolTip(_("To paste in a message to whoever maintains the application"))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def details(self) -> str:
        """Plain text of the dialog, for a support message."""
        product = _("Services centre — management software")
        lines = [f"{product} {__version__}"]
        lines.append(_("Database file: {path}").format(path=self.location))
        lines += [f"{c.name} {c.version} ({c.licence})" for c in self.components]
        return "\n".join(lines)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details())


def install_about(window: QMainWindow, ctx: ViewContext) -> QPushButton:
    """Window icon, a flat « À propos » button at the right of the status bar, and F1 to open it."""
    window.setWindowIcon(app_icon())
    button = QPushButton(_("About"), window)
    button.setObjectName("about_button")
    button.setFlat(True)
    button.setToolTip(_("Version, database file, licences (F1)"))

    def show() -> None:
        AboutDialog(ctx.workspace.location, window).exec()

    button.clicked.connect(show)
    QShortcut(QKeySequence(Qt.Key.Key_F1), window, activated=show)
    window.statusBar().addPermanentWidget(button)
    return button
