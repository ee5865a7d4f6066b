"""The papers tracked with a livestock contract (certificat sanitaire, laissez-passer, certificat d'origine,
ticket de marché): kind, number, issuer, date of issue, expiry. An expired paper shows in red.

    docs = DocumentsEditor(ctx, parent)                 # a draft: the papers are saved with the contract
    docs.document_inputs() -> tuple[DocumentInput, ...]
    docs = DocumentsEditor(ctx, parent, contract_id=7)  # a concluded contract: each paper is added at once
                                                        # (chained: it can no longer be removed)

Keyboard: choose the kind, type number and issuer, the dates, Enter on the last field adds the paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from centre_app.domain import livestock as dom
from centre_app.domain.errors import DomainError, message
from centre_app.domain.formatting import format_date
from centre_app.services import livestock_workflow
from centre_app.services.livestock_queries import DocumentRow
from centre_app.services.livestock_rules import DocumentInput, check_document
from centre_app.views.cash_models import RED, table_view
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.widgets.date_edit import DateEdit
from centre_app.views.widgets.form_helpers import error_label

Index = QModelIndex | QPersistentModelIndex
TITLES = (N_("Document"), N_("Number"), N_("Issued by"), N_("Issued on"), N_("Expires on"), N_("Status"))


@dataclass(frozen=True)
class PaperRow:
    kind: str
    number: str
    issuer: str
    issued_on: date
    expires_on: date | None
    id: int | None = None  # saved
    frozen: bool = False  # chained with a concluded contract

    def expired(self, on: date) -> bool:
        return self.expires_on is not None and self.expires_on < on


class DocumentsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PaperRow] = []
        self.on = date.today()  # expiry is judged on this day (the delivery day once delivered)

    def set_rows(self, rows: list[PaperRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[PaperRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TITLES)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 5:
                state = _("expired") if r.expired(self.on) else _("valid")
                return state + (" — " + _("recorded") if r.frozen else "")
            expires = format_date(r.expires_on) if r.expires_on else "—"
            return (dom.DOCUMENT_KINDS.get(r.kind, r.kind), r.number, r.issuer, format_date(r.issued_on), expires)[
                column
            ]
        if role == Qt.ItemDataRole.ForegroundRole and r.expired(self.on):
            return RED
        if role == Qt.ItemDataRole.BackgroundRole and r.expired(self.on):
            return QColor("#fde8ea")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(TITLES[section])
        return None


def paper_of(d: DocumentRow) -> PaperRow:
    return PaperRow(d.kind, d.number, d.issuer, d.issued_on, d.expires_on, d.id, d.frozen)


class DocumentsEditor(QWidget):
    changed = Signal()

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None, *, contract_id: int | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contract_id = contract_id
        self.kind = QComboBox(self)
        self.kind.setObjectName("doc_kind")
        for key, label in dom.DOCUMENT_KINDS.items():
            self.kind.addItem(label, key)
        self.number = QLineEdit(self)
        self.number.setObjectName("doc_number")
        self.number.setPlaceholderText(_("Number"))
        self.issuer = QLineEdit(self)
        self.issuer.setObjectName("doc_issuer")
        self.issuer.setPlaceholderText(_("Issued by (veterinary post, mairie…)"))
        self.issued = DateEdit(self)
        self.issued.setObjectName("doc_issued")
        self.expires_check = QCheckBox(_("expires on"), self)
        self.expires_check.setObjectName("doc_expires_check")
        self.expires_check.setChecked(True)
        self.expires = DateEdit(self)
        self.expires.setObjectName("doc_expires")
        self.add_button = QPushButton(_("Add the document"), self)
        self.add_button.setObjectName("add_document")
        self.add_button.setAutoDefault(False)
        self.remove_button = QPushButton(_("Remove the document"), self)
        self.remove_button.setObjectName("remove_document")
        self.remove_button.setAutoDefault(False)
        self.model = DocumentsModel(self)
        self.table = table_view(self, self.model, "documents", stretch=2)
        self.error = error_label(self, "documents_error")
        grid = QGridLayout()
        grid.addWidget(QLabel(_("Document"), self), 0, 0)
        grid.addWidget(QLabel(_("Number"), self), 0, 1)
        grid.addWidget(QLabel(_("Issued by"), self), 0, 2)
        grid.addWidget(QLabel(_("Issued on"), self), 0, 3)
        grid.addWidget(self.expires_check, 0, 4)
        for column, widget in enumerate((self.kind, self.number, self.issuer, self.issued, self.expires,
                                         self.add_button)):  # fmt: skip
            grid.addWidget(widget, 1, column)
        grid.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.expires_check.toggled.connect(self.expires.setEnabled)
        self.add_button.clicked.connect(self.add_current)
        self.remove_button.clicked.connect(self.remove_selected)
        self.expires.installEventFilter(self)
        self.table.installEventFilter(self)

    # -- API ------------------------------------------------------------------------------------------
    def set_documents(self, rows: list[PaperRow], on: date | None = None) -> None:
        self.model.on = on or date.today()
        self.model.set_rows(rows)

    def document_inputs(self) -> tuple[DocumentInput, ...]:
        return tuple(DocumentInput(r.kind, r.number, r.issuer, r.issued_on, r.expires_on) for r in self.model.rows())

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.kind, self.number, self.issuer, self.issued, self.expires_check, self.expires,
                       self.add_button, self.remove_button):  # fmt: skip
            widget.setEnabled(not read_only)
        if not read_only:
            self.expires.setEnabled(self.expires_check.isChecked())

    # -- entry ----------------------------------------------------------------------------------------
    def typed(self) -> DocumentInput:
        expires = self.expires.value() if self.expires_check.isChecked() else None
        return DocumentInput(self.kind.currentData(), self.number.text(), self.issuer.text(), self.issued.value(),
                             expires)  # fmt: skip

    def add_current(self) -> bool:
        self.error.clear()
        typed = self.typed()
        try:
            if self.contract_id is None:
                d = self.ctx.read(lambda _s: check_document(typed))
                row = PaperRow(d.kind, d.number, d.issuer, d.issued_on, d.expires_on)
            else:
                contract_id = self.contract_id
                new_id = self.ctx.workspace.run(lambda s: livestock_workflow.add_document(s, contract_id, typed))
                self.ctx.changed.emit({"livestock"})
                d = check_document(typed)
                row = PaperRow(d.kind, d.number, d.issuer, d.issued_on, d.expires_on, new_id, frozen=True)
        except DomainError as err:
            self.error.setText(message(err))
            (self.issuer if "Émetteur" in message(err) else self.number).setFocus()
            return False
        self.model.set_rows([*self.model.rows(), row])
        self.number.clear()
        self.issuer.clear()
        self.kind.setFocus()
        self.changed.emit()
        return True

    def remove_selected(self) -> None:
        index = self.table.currentIndex()
        rows = self.model.rows()
        if not 0 <= index.row() < len(rows):
            return
        if rows[index.row()].frozen:
            r = rows[index.row()]
            err = DomainError("livestock.document_frozen", document=dom.DOCUMENT_KINDS[r.kind], number=r.number)
            self.error.setText(message(err))
            return
        del rows[index.row()]
        self.model.set_rows(rows)
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.expires and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.add_current()
                return True
            if watched is self.table and event.key() == Qt.Key.Key_Delete:
                self.remove_selected()
                return True
        return False
