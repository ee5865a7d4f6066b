"""The members tab of the OP form: add a member (party, office, join date), change an office, remove.

Changes stay in the table model (MemberRow DTOs) until the OP form is saved: the service then replaces
the members list in the same transaction as the OP itself, so « Cancel » really cancels everything.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from centre_app.domain.errors import DomainError, message
from centre_app.domain.formatting import format_date
from centre_app.services import organisations, parties
from centre_app.services.organisations import MemberInput, MemberRow
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.widgets.date_edit import DateEdit
from centre_app.views.widgets.form_helpers import error_label
from centre_app.views.widgets.party_picker import PartyPicker

Index = QModelIndex | QPersistentModelIndex
COLUMNS = (N_("No."), N_("Code"), N_("Member name"), N_("Sex"), N_("Village"), N_("Office"), N_("Joined on"))
OFFICE, JOINED = 5, 6
BLANK_DATE = date(1900, 1, 1)


class OptionalDateEdit(DateEdit):
    """A DateEdit that may stay empty (« — »): the first digit typed starts from today's date, Delete empties it."""

    def __init__(self, parent: QWidget | None = None, value: date | None = None) -> None:
        super().__init__(parent, minimum=BLANK_DATE)
        self.setSpecialValueText("—")
        self.set_optional(value)

    def optional(self) -> date | None:
        value = self.value()
        return None if value == BLANK_DATE else value

    def set_optional(self, value: date | None) -> None:
        self.setValue(value or BLANK_DATE)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        blank = self.optional() is None
        if blank and event.text().isdigit():
            self.setValue(date.today())
            self.setSelectedSection(QDateEdit.Section.DaySection)
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and (
            blank or self.lineEdit().selectedText() == self.text()
        ):
            self.set_optional(None)
            return
        super().keyPressEvent(event)


class MembersTableModel(QAbstractTableModel):
    """The members of one OP as MemberRow DTOs; office and join date editable in place."""

    def __init__(self, rows: list[MemberRow] | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[MemberRow] = list(rows or [])
        self.editable = True

    # -- content -----------------------------------------------------------------------------------
    def set_rows(self, rows: list[MemberRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[MemberRow]:
        return list(self._rows)

    def row_at(self, row: int) -> MemberRow:
        return self._rows[row]

    def contains(self, member_id: int) -> bool:
        return any(r.member_id == member_id for r in self._rows)

    def add(self, member: MemberRow) -> int:
        n = len(self._rows)
        self.beginInsertRows(QModelIndex(), n, n)
        self._rows.append(member)
        self.endInsertRows()
        return n

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()

    def inputs(self) -> list[MemberInput]:
        return [MemberInput(r.member_id, r.office, r.joined_on) for r in self._rows]

    def women(self) -> int:
        return sum(1 for r in self._rows if r.sex == "F")

    # -- Qt model ----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            joined = format_date(r.joined_on) if r.joined_on else ""
            return (str(index.row() + 1), r.code, r.name, r.sex or "", r.village, r.office, joined)[col]
        if role == Qt.ItemDataRole.EditRole and col == OFFICE:
            return r.office
        if role == Qt.ItemDataRole.EditRole and col == JOINED:
            return QDate(r.joined_on or BLANK_DATE)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return r
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or not self.flags(index) & Qt.ItemFlag.ItemIsEditable
        ):
            return False
        r = self._rows[index.row()]
        if index.column() == OFFICE:
            self._rows[index.row()] = replace(r, office=str(value or "").strip())
        else:
            day = value.toPython() if isinstance(value, QDate) else value
            self._rows[index.row()] = replace(r, joined_on=None if day in (None, BLANK_DATE) else day)
        self.dataChanged.emit(index, index)
        return True

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable and index.column() in (OFFICE, JOINED):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section])
        return None


def office_combo(parent: QWidget | None) -> QComboBox:
    """Fonction au bureau: one of the usual offices or free text; empty for a simple member."""
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems(["", *organisations.OFFICES])
    combo.lineEdit().setPlaceholderText(_("simple member"))
    combo.lineEdit().setMaxLength(60)
    return combo


class MemberDelegate(QStyledItemDelegate):
    """In-place editors: an office combo (list or free text), an optional date."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        if index.column() == OFFICE:
            return office_combo(parent)
        return OptionalDateEdit(parent)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.lineEdit().selectAll()
        elif isinstance(editor, OptionalDateEdit):
            day = index.data(Qt.ItemDataRole.EditRole).toPython()
            editor.set_optional(None if day == BLANK_DATE else day)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())
        elif isinstance(editor, OptionalDateEdit):
            model.setData(index, editor.optional())


class MembersPanel(QWidget):
    """Add line (member, office, join date, « Add »), the members table, change office / remove."""

    changed = Signal()

    def __init__(self, ctx: ViewContext, organisation_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.organisation_id = organisation_id
        self.picker = PartyPicker(ctx, self)
        self.picker.setObjectName("member_picker")
        self.office = office_combo(self)
        self.office.setObjectName("member_office")
        self.joined = OptionalDateEdit(self)
        self.joined.setObjectName("member_joined")
        self.add_button = QPushButton(_("Add the member"), self)
        self.add_button.setObjectName("add_member")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_member)
        self.error = error_label(self, "members_error")
        self.model = MembersTableModel(parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("members_table")
        self.table.setModel(self.model)
        self.table.setItemDelegate(MemberDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 40), (1, 80), (3, 50), (4, 120), (OFFICE, 150), (JOINED, 100)):
            self.table.setColumnWidth(column, width)
        self.office_button = QPushButton(_("Change the office (F2)"), self)
        self.office_button.setObjectName("change_office")
        self.office_button.clicked.connect(self.change_office)
        self.remove_button = QPushButton(_("Remove the member (Del)"), self)
        self.remove_button.setObjectName("remove_member")
        self.remove_button.clicked.connect(self.remove_member)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table, self.remove_member, Qt.ShortcutContext.WidgetShortcut)
        self.summary = QLabel(self)
        self.summary.setObjectName("members_summary")
        self._layout()
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset, self.model.dataChanged):
            signal.connect(self._model_changed)
        self.picker.partyChosen.connect(lambda _id: self.error.clear())
        self._show_summary()

    def _layout(self) -> None:
        add = QGridLayout()
        add.addWidget(QLabel(_("Member *"), self), 0, 0)
        add.addWidget(self.picker, 0, 1, 1, 4)
        add.addWidget(QLabel(_("Office"), self), 1, 0)
        add.addWidget(self.office, 1, 1)
        add.addWidget(QLabel(_("Joined on"), self), 1, 2)
        add.addWidget(self.joined, 1, 3)
        add.addWidget(self.add_button, 1, 4)
        add.setColumnStretch(1, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.office_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        actions.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(add)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        for button in (self.office_button, self.remove_button):
            button.setAutoDefault(False)

    def set_editable(self, editable: bool, reason: str = "") -> None:
        self.model.editable = editable
        for widget in (self.picker, self.office, self.joined, self.add_button, self.office_button, self.remove_button):
            widget.setEnabled(editable)
            widget.setToolTip(reason if not editable else widget.toolTip())

    # -- slots -------------------------------------------------------------------------------------
    def add_member(self) -> None:
        """Put the chosen party in the list (saved with the OP); checks here only give early feedback."""
        member_id = self.picker.party_id()
        if member_id is None:
            self._refuse(self.picker.error() or _("Choose the member in the list first."))
            return
        if member_id == self.organisation_id:
            self._refuse(message(DomainError("org.member_is_self")))
            return
        if self.model.contains(member_id):
            self._refuse(_("{name} is already in the list.").format(name=self.picker.text()))
            return
        detail = self.ctx.read(lambda s: parties.get_party(s, member_id))
        row = MemberRow(0, member_id, detail.code, detail.data.name, detail.data.sex, detail.data.village,
                        self.joined.optional(), self.office.currentText().strip())  # fmt: skip
        self.table.selectRow(self.model.add(row))
        self.picker.set_party(None)
        self.office.setCurrentIndex(0)
        self.error.clear()
        self.picker.setFocus()

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.picker.setFocus()

    def change_office(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.table.setFocus()
            self.table.edit(self.model.index(index.row(), OFFICE))

    def remove_member(self) -> None:
        index = self.table.currentIndex()
        if index.isValid() and self.model.editable:
            self.model.remove(index.row())
            if self.model.rowCount():
                self.table.selectRow(min(index.row(), self.model.rowCount() - 1))

    def _model_changed(self, *_args: object) -> None:
        self._show_summary()
        self.changed.emit()

    def _show_summary(self) -> None:
        n = self.model.rowCount()
        self.summary.setText(_("Members: {n} — women: {women}").format(n=n, women=self.model.women()))
