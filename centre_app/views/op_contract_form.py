"""The frame shared by the draft forms of OP contracts and avenants: a FormDialog whose fields sit in a grid
on the first tab (Général), more tabs after it (Ctrl+1, Ctrl+2…), action buttons beside OK / Close, and the
French refusal of a service shown beside the field it concerns, on its tab (the dialog stays open).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from centre_app.domain.errors import DomainError, message
from centre_app.domain.permissions import Action
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _
from centre_app.views.op_contract_parts import PartsEditor
from centre_app.views.widgets.form_helpers import FormDialog, error_label

HINT_STYLE = "color: #555555;"


class TabbedForm(FormDialog):
    """FormDialog with a tabbed body: ``field`` puts a labelled field in the Général grid."""

    def __init__(self, ctx: ViewContext, parent: QWidget | None, title: str, ok_text: str) -> None:
        super().__init__(parent, title, ok_text=ok_text)
        self.ctx = ctx
        centre = ctx.settings()
        self.cur = (centre.currency, centre.locale)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close"))
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.general = QWidget(self)
        self.head = QGridLayout()
        self.head.setHorizontalSpacing(10)
        self.head.setVerticalSpacing(3)
        self.head.setColumnStretch(1, 1)
        self.head.setColumnStretch(3, 1)
        self.general_layout = QVBoxLayout(self.general)
        self.general_layout.addLayout(self.head)
        self.add_tab(self.general, _("General"))
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.tabs, 1)
        for i in reversed(range(layout.count())):
            if layout.itemAt(i).spacerItem() is not None:
                layout.takeAt(i)  # the tabs take the room, not FormDialog's stretch
        shortcut = QShortcut(QKeySequence("Ctrl+S"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.accept)

    # -- building -------------------------------------------------------------------------------------
    def add_tab(self, widget: QWidget, title: str) -> int:
        """A tab titled « title (Ctrl+n) », n its position from 1."""
        index = self.tabs.count()
        self.tabs.addTab(widget, _("{title} (Ctrl+{n})").format(title=title, n=index + 1))
        shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(lambda: self.show_tab(index))
        return index

    def show_tab(self, index: int) -> None:
        if self.tabs.isTabEnabled(index):
            self.tabs.setCurrentIndex(index)
            page = self.tabs.widget(index)
            page.setFocus(Qt.FocusReason.OtherFocusReason)
            if page.focusProxy() is None:
                page.focusNextChild()

    def field(
        self, label: str, widget: QWidget, name: str, row: int, column: int, *, required: bool = False, span: int = 1
    ) -> QWidget:
        """A field of the Général grid (label, widget, its red message below), known to FormDialog's keys."""
        widget.setObjectName(name)
        caption = QLabel(label + " *" if required else label, self)
        caption.setBuddy(widget)
        err = error_label(self, f"{name}_error")
        cell = QWidget(self)
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(widget)
        box.addWidget(err)
        self.head.addWidget(caption, row, column * 2, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        self.head.addWidget(cell, row, column * 2 + 1, 1, span * 2 - 1)
        self._fields.append(widget)
        self._field_errors[widget] = err
        return widget

    def section(self, title: str) -> QLabel:
        return QLabel(f"<b>{title}</b>", self)

    def action_button(self, text: str, name: str, slot: object, action: Action | None = None) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())  # type: ignore[operator]
        self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restrict(button, action)
        return button

    def restrict(self, button: QPushButton, action: Action | None) -> None:
        if action is not None and not self.ctx.can(action):
            button.setEnabled(False)
            button.setToolTip(self.ctx.why_not(action))

    # -- refusals -------------------------------------------------------------------------------------
    def tab_of(self, widget: QWidget) -> int | None:
        for i in range(self.tabs.count()):
            page = self.tabs.widget(i)
            if page is widget or page.isAncestorOf(widget):
                return i
        return None

    def show_refusal(self, err: DomainError, widget: QWidget | None) -> None:
        """The French reason beside ``widget`` (a field or a parts editor), on its tab; else under the tabs."""
        text = message(err)
        if widget is None:
            self.show_error(text)
            return
        index = self.tab_of(widget)
        if index is not None:
            self.tabs.setCurrentIndex(index)
        if isinstance(widget, PartsEditor):
            widget.error.setText(text)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.show_field_error(widget, text)
        self.show_error(text if self.field_error_label(widget) is self.error else "")

    def clear_errors(self) -> None:
        super().clear_errors()
        for editor in self.findChildren(PartsEditor):
            editor.error.clear()
