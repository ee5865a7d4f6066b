"""« Modèles de clauses »: the clauses contracts and avenants are written with. A manager edits a clause's title
and text (fields written {nom_du_champ}, the list of fields on the right: double-click or Enter inserts one),
its order and whether it is used; saving (Ctrl+S) adds its next version — earlier versions stay, and a signed
contract keeps the text it was signed with. « Nouvelle clause » adds a clause of the office's own.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from centre_app.domain.errors import DomainError, message
from centre_app.domain.op_clauses import KINDS
from centre_app.domain.permissions import Action
from centre_app.services import op_clauses
from centre_app.services.op_clauses import ClauseTemplateRow
from centre_app.views.cash_models import table_view
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.list_page import Column
from centre_app.views.op_contract_models import day, moment
from centre_app.views.rows_model import RowsModel
from centre_app.views.widgets.form_helpers import FormDialog, error_label

MANAGE = Action.MANAGE_CONTRACTS_AND_PRICES
TEMPLATE_COLUMNS = (
    Column("kind_label", N_("Kind of document")),
    Column("position", N_("Rank"), kind="integer"),
    Column("title", N_("Clause"), stretch=True, text=lambda r: r.title or r.code),
    Column("version", N_("Version"), kind="integer"),
    Column("active", N_("Used"), text=lambda r: _("yes") if r.active else _("no")),
)
VERSION_COLUMNS = (
    Column("version", N_("Version"), kind="integer"),
    Column("created_at", N_("Date"), text=lambda r: moment(r.created_at)),
    Column("created_by", N_("By")),
    Column("note", N_("Why"), stretch=True),
)


class ClauseTemplatesPage(QWidget):
    TITLE = N_("Clause templates")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row: ClauseTemplateRow | None = None
        self.templates = RowsModel(TEMPLATE_COLUMNS, self)
        self.table = table_view(self, self.templates, "templates", stretch=2)
        self.title = QLineEdit(self)
        self.title.setObjectName("title")
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("body")
        self.body.setTabChangesFocus(True)
        self.active = QCheckBox(_("used in the text of new contracts"), self)
        self.active.setObjectName("active")
        self.position = QSpinBox(self)
        self.position.setObjectName("position")
        self.position.setRange(0, 999)
        self.note = QLineEdit(self)
        self.note.setObjectName("note")
        self.note.setPlaceholderText(_("Why the clause changes (kept with the version)"))
        self.error = error_label(self, "error")
        self.info = QLabel(self)
        self.info.setObjectName("info")
        self.info.setStyleSheet("color: #555555;")
        self.save_button = self._button(_("Save as a new version (Ctrl+S)"), "save", self.save, MANAGE)
        self.undo_button = self._button(_("Undo the changes"), "undo", self.undo)
        self.new_button = self._button(_("New clause…"), "new_clause", self.new_clause, MANAGE)
        editor = QWidget(self)
        form = QFormLayout(editor)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.info)
        form.addRow(_("Title"), self.title)
        form.addRow(_("Text *"), self.body)
        order = QHBoxLayout()
        order.addWidget(self.position)
        order.addWidget(self.active)
        order.addStretch(1)
        form.addRow(_("Rank in the text"), order)
        form.addRow(_("Reason"), self.note)
        form.addRow(self.error)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.undo_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        form.addRow(buttons)
        self.fields = QListWidget(self)
        self.fields.setObjectName("fields")
        self.fields.setWordWrap(True)
        self.fields.setSpacing(1)
        for name, meaning in op_clauses.template_fields().items():
            item = QListWidgetItem(f"{{{name}}} — {meaning}", self.fields)
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(meaning)
        self.fields.itemActivated.connect(self.insert_field)
        self.versions = RowsModel(VERSION_COLUMNS, self)
        self.versions_table = table_view(self, self.versions, "versions", stretch=3)
        self.version_text = QPlainTextEdit(self)
        self.version_text.setObjectName("version_text")
        self.version_text.setReadOnly(True)
        history = QWidget(self)
        box = QVBoxLayout(history)
        box.addWidget(self.versions_table, 1)
        box.addWidget(QLabel(_("Text of the selected version:"), history))
        box.addWidget(self.version_text, 2)
        self.side = QTabWidget(self)
        fields_page = QWidget(self)
        column = QVBoxLayout(fields_page)
        hint = QLabel(_("Double-click (or Enter) puts the field at the cursor in the text."), fields_page)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555555;")
        column.addWidget(hint)
        column.addWidget(self.fields, 1)
        self.side.addTab(fields_page, _("Available fields"))
        self.side.addTab(history, _("Versions"))
        split = QSplitter(self)
        split.addWidget(self.table)
        split.addWidget(editor)
        split.addWidget(self.side)
        split.setSizes([450, 540, 360])
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        shortcut = QShortcut(QKeySequence("Ctrl+S"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save)
        editable = ctx.can(MANAGE)
        for widget in (self.title, self.body, self.note):
            widget.setReadOnly(not editable)
        for widget in (self.active, self.position):
            widget.setEnabled(editable)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _p: self.show_template(cur.row()))
        self.versions_table.selectionModel().currentRowChanged.connect(lambda cur, _p: self.show_version(cur.row()))
        ctx.changed.connect(lambda areas: self.refresh() if "op_clauses" in areas else None)
        self.refresh()

    def _button(self, text: str, name: str, slot: Any, action: Action | None = None) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        if action is not None and not self.ctx.can(action):
            button.setEnabled(False)
            button.setToolTip(self.ctx.why_not(action))
        return button

    # -- showing --------------------------------------------------------------------------------------
    def refresh(self, code: str | None = None) -> None:
        code = code or (self.row.code if self.row else None)
        rows = sorted(self.ctx.read(op_clauses.list_templates), key=lambda r: (r.kind != "contrat", r.position))
        self.templates.set_rows(rows)
        index = next((i for i, r in enumerate(rows) if r.code == code), 0)
        if rows:
            self.table.selectRow(index)
            self.show_template(index)

    def show_template(self, index: int) -> None:
        row = self.templates.row_at(index)
        if row is None:
            return
        self.row = row
        self.title.setText(row.title)
        self.body.setPlainText(row.body)
        self.active.setChecked(row.active)
        self.position.setValue(row.position)
        self.note.clear()
        self.error.clear()
        text = _("{kind} — clause « {code} », version {version} of {day} by {who}")
        self.info.setText(text.format(kind=row.kind_label, code=row.code, version=row.version,
                                      day=day(row.created_at), who=row.created_by))  # fmt: skip
        history = self.ctx.read(lambda s: op_clauses.template_history(s, row.code))
        self.versions.set_rows(history)
        if history:
            self.versions_table.selectRow(0)
            self.show_version(0)

    def show_version(self, index: int) -> None:
        v = self.versions.row_at(index)
        self.version_text.setPlainText(f"{v.title}\n\n{v.body}" if v is not None else "")

    # -- editing --------------------------------------------------------------------------------------
    def insert_field(self, item: QListWidgetItem) -> None:
        if self.body.isReadOnly():
            return
        self.body.insertPlainText("{" + str(item.data(Qt.ItemDataRole.UserRole)) + "}")
        self.body.setFocus()

    def undo(self) -> None:
        self.show_template(self.table.currentIndex().row())

    def save(self) -> ClauseTemplateRow | None:
        if self.row is None or not self.save_button.isEnabled():
            return None
        code, title, body = self.row.code, self.title.text(), self.body.toPlainText()
        active, position, note = self.active.isChecked(), self.position.value(), self.note.text()
        self.error.clear()
        try:
            row = self.ctx.workspace.run(lambda s: op_clauses.update_template(
                s, code, title=title, body=body, active=active, position=position, note=note))  # fmt: skip
        except DomainError as err:
            self.error.setText(message(err))
            return None
        self.ctx.changed.emit({"op_clauses"})
        self.refresh(row.code)
        return row

    def new_clause(self) -> ClauseTemplateRow | None:
        row = NewClauseDialog.create(self, self.ctx)
        if row is not None:
            self.refresh(row.code)
        return row


class NewClauseDialog(FormDialog):
    """A clause of the office's own (« Confidentialité »…), placed at its order in the text."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent, _("New clause"), ok_text=_("Create the clause"))
        self.ctx = ctx
        self.created: ClauseTemplateRow | None = None
        self.setMinimumWidth(640)
        self.code = self.add_field(_("Code"), QLineEdit(self), name="code", required=True)
        self.code.setPlaceholderText(_("confidentialite"))
        self.kind = self.add_field(_("Kind of document"), QComboBox(self), name="kind", required=True)
        for key, label in KINDS.items():
            self.kind.addItem(label, key)
        self.position = self.add_field(_("Rank in the text"), QSpinBox(self), name="position", required=True)
        self.position.setRange(0, 999)
        self.position.setValue(85)
        self.title = self.add_field(_("Title"), QLineEdit(self), name="title")
        self.body = self.add_field(_("Text"), QPlainTextEdit(self), name="body", required=True)
        self.body.setTabChangesFocus(True)
        self.body.setFixedHeight(160)
        self.code.setFocus()

    def accept(self) -> None:
        self.clear_errors()
        code, kind, position = self.code.text(), self.kind.currentData(), self.position.value()
        title, body = self.title.text(), self.body.toPlainText()
        try:
            self.created = self.ctx.workspace.run(
                lambda s: op_clauses.create_template(s, code, kind, position, title, body)
            )
        except DomainError as err:
            widget = {"op_clause.code_taken": self.code}.get(err.code)
            if widget is not None:
                self.show_field_error(widget, message(err))
            else:
                self.show_error(message(err))
            return
        self.ctx.changed.emit({"op_clauses"})
        super().accept()

    @classmethod
    def create(cls, parent: QWidget | None, ctx: ViewContext) -> ClauseTemplateRow | None:
        dialog = cls(ctx, parent)
        return dialog.created if dialog.exec() == QDialog.DialogCode.Accepted else None
