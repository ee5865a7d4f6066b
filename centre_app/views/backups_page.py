"""Administration › Backups: the backup folder and its warning, the backups in it, back up now, verify, restore.

A restore replaces the database file: the page closes the workspace's engine first, restores (the
service verifies the backup and keeps a copy of the current file), then asks the user to start
the application again and quits — nothing may keep working on the replaced file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QGroupBox, QLabel, QMessageBox, QVBoxLayout, QWidget

from centre_app.domain.backups import format_size
from centre_app.domain.errors import DomainError, message
from centre_app.domain.formatting import format_datetime
from centre_app.domain.permissions import Action
from centre_app.services import backup, startup
from centre_app.services import settings as settings_service
from centre_app.views.context import ViewContext, run_op, show_error
from centre_app.views.i18n import N_, _
from centre_app.views.list_page import Column, ListPage, ListSource

# Set on the QApplication once a restore is done: the closing backup must not run on the restored file.
RESTORED_PROPERTY = "centre_app_restored"
WARNING_STYLE = "color: #9a5b00; font-weight: bold;"
TABLE_LABELS = (
    ("parties", N_("parties")),
    ("products", N_("products")),
    ("payments", N_("cash documents")),
    ("users", N_("users")),
    ("event_journal", N_("journal events")),
)


@dataclass(frozen=True)
class BackupRow:
    path: Path
    name: str
    folder: str
    created_at: datetime
    size: int
    schema: str
    version: str
    verification: str  # translated text shown in the list


COLUMNS = (
    Column("created_at", N_("Date"), text=lambda r: format_datetime(r.created_at), order="created_at"),
    Column("name", N_("File"), order="name"),
    Column("size", N_("Size"), text=lambda r: format_size(r.size), kind="integer", order="size"),
    Column("schema", N_("Schema"), order="schema"),
    Column("version", N_("Version"), order="version"),
    Column("folder", N_("Folder"), order="folder"),
    Column("verification", N_("Verified"), stretch=True, order="verification"),
)


@contextmanager
def busy() -> Iterator[None]:
    """Wait cursor during a backup, a verification or a restore (a few seconds on a large file)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def quit_application() -> None:
    """After a restore (tests replace it)."""
    app = QApplication.instance()
    if app is not None:
        app.setProperty(RESTORED_PROPERTY, True)
        app.quit()


def describe(info: backup.BackupInfo) -> str:
    """The manifest of a backup, for the confirmation of a restore."""
    counts = ", ".join(f"{info.count(table)} {_(label)}" for table, label in TABLE_LABELS)
    return "\n".join(
        (
            _("Backup of {date}").format(date=format_datetime(info.created_at)),
            _("Centre: {name}").format(name=info.centre_name or "—"),
            _("Application {version}, schema {schema}").format(version=info.app_version, schema=info.schema_revision),
            _("Contents: {counts}").format(counts=counts),
            _("Size: {size}").format(size=format_size(info.db_size)),
        )
    )


class BackupsPage(ListPage):
    TITLE = N_("Backups")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        checked: dict[Path, str] = {}  # verifications made on this screen: file -> translated result
        source = ListSource(fetch_all=lambda s, _search: _rows(ctx, s, checked))
        super().__init__(ctx, _(self.TITLE), COLUMNS, source, {"backups", "settings"}, parent)
        self.checked = checked
        box = QGroupBox(_("Backup folder"), self)
        self.folder_label = QLabel(box)
        self.folder_label.setObjectName("folder")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_warning = QLabel(box)
        self.folder_warning.setObjectName("folder_warning")
        self.folder_warning.setWordWrap(True)
        self.folder_warning.setStyleSheet(WARNING_STYLE)
        policy = QLabel(
            _(
                "Automatic backups: after the first login of the day and each time the application is closed. "
                "Kept: the last backup of each of the last 7 days, 4 weeks and 12 months. "
                "The folder is chosen in Administration › Settings."
            ),
            box,
        )
        policy.setWordWrap(True)
        policy.setStyleSheet("color: #505050;")
        inner = QVBoxLayout(box)
        inner.addWidget(self.folder_label)
        inner.addWidget(self.folder_warning)
        inner.addWidget(policy)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, box)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.backup_button = self.add_button(_("Back up now"), self.backup_now, Action.ADMINISTER)
        self.backup_button.setObjectName("backup_now")
        self.verify_button = self.add_button(_("Verify"), self.verify_selected)
        self.verify_button.setObjectName("verify")
        self.restore_button = self.add_button(_("Restore…"), self.choose_and_restore, Action.ADMINISTER)
        self.restore_button.setObjectName("restore")
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
        self.show_folder()

    # -- display ----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        super().refresh()
        if hasattr(self, "folder_label"):
            self.show_folder()

    def show_folder(self) -> None:
        configured = self.ctx.read(_configured)
        self.folder_label.setText(
            _("Chosen folder: {folder}").format(folder=configured) if configured else _("No folder chosen.")
        )
        self.folder_warning.setText(startup.backup_target(self.ctx.workspace.db).warning or "")
        self.folder_warning.setVisible(bool(self.folder_warning.text()))

    def selected_path(self) -> Path | None:
        row = self.current()
        return row.path if row is not None else None

    # -- actions ----------------------------------------------------------------------------------------------
    def backup_now(self) -> backup.BackupInfo | None:
        folder = self.ctx.read(_configured)
        db = self.ctx.workspace.db
        self.status.setText(_("Backup in progress…"))
        QApplication.processEvents()
        with busy():
            info = run_op(self, self.ctx, lambda s: backup.request_backup(s, db, folder), {"events"})
        if info is None:
            self.status.clear()
            return None
        self.checked[info.path] = _("yes, when written")
        self.refresh()
        self.status.setText(
            _("Backup written and verified: {file} ({size}).").format(file=info.path, size=format_size(info.file_size))
        )
        return info

    def verify_selected(self) -> None:
        path = self.selected_path()
        if path is None:
            self.status.setText(_("Select a backup in the list first."))
            return
        self.verify(path)

    def verify(self, path: Path) -> backup.BackupInfo | None:
        with busy():
            try:
                info = backup.verify_backup(path)
            except DomainError as error:
                self.checked[path] = _("NO: {reason}").format(reason=message(error))
                self.refresh()
                self.status.setText(message(error))
                return None
        self.checked[path] = _("yes, on {date}").format(date=format_datetime(datetime.now()))
        self.refresh()
        self.status.setText(_("The backup {file} is sound: it can be restored.").format(file=path.name))
        return info

    def choose_and_restore(self) -> None:
        start = self.selected_path() or self.ctx.read(_configured) or ""
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Restore a backup"), str(start), _("Backups (*.zip);;All files (*)")
        )
        if path:
            self.restore(Path(path))

    def restore(self, path: Path) -> bool:
        """Verify, confirm, close the database, restore, then ask to start again. True when restored."""
        with busy():
            try:
                info = backup.verify_backup(path)
            except DomainError as error:
                show_error(self, error)
                return False
        db_path = self.ctx.workspace.db.path
        if db_path is None:
            show_error(self, DomainError("backup.not_a_file_database"))
            return False
        question = "\n\n".join(
            (
                describe(info),
                _(
                    "The current data will be REPLACED by the data of this backup: everything entered since "
                    "{date} will no longer appear. A copy of the current database is kept beside it ({folder})."
                ).format(date=format_datetime(info.created_at), folder=db_path.parent),
                _("Restore this backup?"),
            )
        )
        answer = QMessageBox.warning(
            self,
            _("Restore a backup"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        actor = self.ctx.actor
        if actor is None:
            show_error(self, DomainError("auth.no_actor"))
            return False
        self.ctx.workspace.close()  # the file is replaced underneath: no connection may stay open
        with busy():
            try:
                kept = backup.restore(path, db_path, actor=actor)
            except DomainError as error:
                show_error(self, error)  # nothing was replaced; the workspace reconnects on its next use
                return False
        done = _("The backup of {date} has been restored.").format(date=format_datetime(info.created_at))
        if kept is not None:
            done += "\n" + _("The replaced database is kept as {file}.").format(file=kept)
        done += "\n\n" + _("The application will now close: start it again to work on the restored data.")
        QMessageBox.information(self, _("Restore finished"), done)
        quit_application()
        return True


def _configured(session: Any) -> str:
    return settings_service.get_settings(session).backup_folder


def _rows(ctx: ViewContext, session: Any, checked: dict[Path, str]) -> list[BackupRow]:
    db_path = ctx.workspace.db.path
    if db_path is None:
        return []
    folders = startup.candidate_folders(db_path, _configured(session))
    out = []
    for folder in folders:
        for e in backup.list_backups(folder):
            verification = checked.get(e.path) or (
                _("NO: {reason}").format(reason=e.problem) if e.problem else _("yes, when written")
            )
            out.append(
                BackupRow(
                    e.path, e.name, str(folder), e.created_at, e.file_size, e.schema_revision, e.app_version,
                    verification,
                )
            )  # fmt: skip
    return out
