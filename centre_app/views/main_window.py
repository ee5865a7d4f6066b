"""Main window: left navigation between areas, each a set of tabs; status bar with user, role, base, date.

An area's pages are built the first time the area is reached (its navigation entry, its shortcut, a dashboard
link, or ``window.areas[key]``), and the first area (the home dashboard) just after the window's first paint:
the window shows at start-up at once, whatever the size of the database (PRODUCT.md §15).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from centre_app import __version__
from centre_app.domain.formatting import format_date_long
from centre_app.domain.permissions import ROLE_LABELS
from centre_app.views.about_dialog import install_about
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _


@dataclass(frozen=True)
class Area:
    key: str
    title: str  # N_-marked
    pages: Callable[[ViewContext], list[tuple[str, QWidget]]]
    visible: Callable[[ViewContext], bool] = lambda ctx: True


class _Areas(dict[str, QTabWidget]):
    """Tab widget of each area; reaching one (``[key]``, ``values``, ``items``) builds its pages first."""

    def __init__(self, build: Callable[[str], None]) -> None:
        super().__init__()
        self._build = build

    def __getitem__(self, key: str) -> QTabWidget:
        tabs = super().__getitem__(key)
        self._build(key)
        return tabs

    def values(self) -> list[QTabWidget]:  # type: ignore[override]
        return [self[k] for k in self]

    def items(self) -> list[tuple[str, QTabWidget]]:  # type: ignore[override]
        return [(k, self[k]) for k in self]


class MainWindow(QMainWindow):
    def __init__(self, ctx: ViewContext, areas: list[Area], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        centre = ctx.settings()
        name = centre.name or _("Services centre")
        self.setWindowTitle(f"{name} — centre_app {__version__}")
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(210)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setStyleSheet("QListWidget { font-size: 11pt; } QListWidget::item { padding: 8px 6px; }")
        self.stack = QStackedWidget(self)
        self._pending: dict[str, Area] = {}
        self.areas: dict[str, QTabWidget] = _Areas(self._build_area)
        shown = [a for a in areas if a.visible(ctx)]
        for n, area in enumerate(shown, start=1):
            tabs = QTabWidget(self.stack)
            tabs.setObjectName(f"area_{area.key}")
            self.stack.addWidget(tabs)
            self.areas[area.key] = tabs
            self._pending[area.key] = area
            item = QListWidgetItem(_(area.title))
            item.setData(Qt.ItemDataRole.UserRole, area.key)
            item.setToolTip(_("Shortcut: Ctrl+{n}").format(n=n))
            self.nav.addItem(item)
            QShortcut(QKeySequence(f"Ctrl+{n}"), self, activated=lambda i=n - 1: self.nav.setCurrentRow(i))
        self.nav.currentRowChanged.connect(self._show_row)
        self._started = False
        self.nav.setCurrentRow(0)  # built once the window has painted (event)
        self._started = self._first_pending = True
        splitter = QSplitter(self)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        actor = ctx.actor
        status = self.statusBar()
        if actor is not None:
            status.addWidget(QLabel(f"{actor.full_name} ({actor.username}) — {ROLE_LABELS[actor.role]}"))
        status.addPermanentWidget(QLabel(_("Database: {path}").format(path=ctx.workspace.location)))
        status.addPermanentWidget(QLabel(format_date_long(date.today())))
        install_about(self, ctx)  # window icon, « À propos » button, F1
        self.resize(1366, 740)

    def _build_area(self, key: str) -> None:
        area = self._pending.pop(key, None)
        if area is None:
            return
        tabs = dict.__getitem__(self.areas, key)
        for title, page in area.pages(self.ctx):
            tabs.addTab(page, title)

    def _show_row(self, row: int) -> None:
        if row >= 0 and self._started:
            self._build_area(self.nav.item(row).data(Qt.ItemDataRole.UserRole))
        self.stack.setCurrentIndex(row)

    def event(self, event: QEvent) -> bool:
        done = super().event(event)
        # The window's first repaint (UpdateRequest paints every child at once) is over: now the first area.
        if event.type() == QEvent.Type.UpdateRequest and self._first_pending:
            self._first_pending = False
            row = self.nav.currentRow()
            if row >= 0:
                key = self.nav.item(row).data(Qt.ItemDataRole.UserRole)
                QTimer.singleShot(0, self, lambda: self._build_area(key))  # dropped if the window is gone
        return done

    def show_area(self, key: str) -> QTabWidget:
        keys = [self.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.nav.count())]
        self.nav.setCurrentRow(keys.index(key))
        return self.areas[key]
