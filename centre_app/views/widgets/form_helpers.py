"""Small shared helpers for the dialogs (forms) of every screen.

API (keep it small, other screens depend on it)::

    from centre_app.views.widgets.form_helpers import FormDialog, error_label

    error_label(parent, "price_error") -> QLabel
        The red French message label shown beside/below a field; empty and hidden until given text.

    class PartyDialog(FormDialog):
        def __init__(self, ctx, parent=None):
            super().__init__(parent, _("New party"), ok_text=_("Save"))   # ok_text optional ("OK")
            self.name = self.add_field(_("Name"), QLineEdit(), name="name", required=True)  # label "Name *"
            self.price = self.add_field(_("Price"), MoneyEdit(), name="price")
        def accept(self):                       # OK button, Enter on the last field, Ctrl+Enter
            self.clear_errors()
            if not self.name.text().strip():
                self.show_field_error(self.name, _("The name is required.")); return
            try:
                ctx.workspace.run(lambda s: ...)
            except DomainError as err:
                self.show_error(message(err)); return   # the dialog stays open, nothing typed is lost
            ctx.changed.emit({"parties"})
            super().accept()

Behaviour given by FormDialog:
- ``self.form`` (QFormLayout), ``self.buttons`` (QDialogButtonBox OK/Cancel, French texts), ``self.error``
  (dialog-level red QLabel, objectName "error", for service refusals).
- ``add_field(label, widget, *, name=None, required=False)`` adds a row (label marked " *" when required),
  names the widget ``name`` and puts its error label ``<name>_error`` just below it; returns the widget.
- ``show_field_error(widget, text)`` shows ``text`` under the field (or in ``self.error`` for a widget not
  added with add_field) and focuses the field; ``show_error(text)`` fills the dialog-level label;
  ``clear_errors()`` empties them all; ``has_errors()`` tells whether one is shown.
- Keyboard: Enter/Return in a field moves to the next field, Enter on the last field accepts, Ctrl+Enter
  accepts from anywhere, Échap cancels (QDialog default). Multi-line text fields keep their Enter.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from centre_app.views.i18n import _

ERROR_STYLE = "color: #b00020;"


def error_label(parent: QWidget | None, name: str = "error") -> QLabel:
    """The red French error label used beside fields; hidden while empty (setText shows it)."""
    label = _ErrorLabel(parent)
    label.setObjectName(name)
    return label


class _ErrorLabel(QLabel):
    """A QLabel that hides itself when its text is empty, so empty messages take no room."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(ERROR_STYLE)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setVisible(False)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.setText("")


class FormDialog(QDialog):
    """Base of the entry dialogs: QFormLayout, French OK/Cancel, inline errors, keyboard-first."""

    def __init__(self, parent: QWidget | None = None, title: str = "", *, ok_text: str | None = None) -> None:
        super().__init__(parent)
        if title:
            self.setWindowTitle(title)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error = error_label(self, "error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button.setText(ok_text or _("OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.ok_button.setAutoDefault(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._fields: list[QWidget] = []
        self._field_errors: dict[QWidget, QLabel] = {}
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.accept)

    @property
    def ok_button(self) -> QAbstractButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def add_field(self, label: str, widget: QWidget, *, name: str | None = None, required: bool = False) -> QWidget:
        """Add a row ``label [*] : widget`` with its error label just below; returns ``widget``."""
        if name:
            widget.setObjectName(name)
        err = error_label(self, f"{name}_error" if name else "field_error")
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(err)
        caption = QLabel(label + " *" if required else label, self)
        caption.setBuddy(widget)
        self.form.addRow(caption, box)
        self._fields.append(widget)
        self._field_errors[widget] = err
        return widget

    def field_error_label(self, widget: QWidget) -> QLabel:
        return self._field_errors.get(widget, self.error)

    def show_field_error(self, widget: QWidget, text: str) -> None:
        """Show ``text`` in red under ``widget`` (or in the dialog-level label) and focus the field."""
        self.field_error_label(widget).setText(text)
        if text:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_error(self, text: str) -> None:
        """Dialog-level message, e.g. ``message(err)`` of a DomainError refused by the service."""
        self.error.setText(text)

    def clear_errors(self) -> None:
        self.error.clear()
        for label in self._field_errors.values():
            label.clear()

    def has_errors(self) -> bool:
        return any(label.text() for label in [self.error, *self._field_errors.values()])

    # Enter moves to the next field; on the last one (or with Ctrl) it accepts.
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = self.focusWidget()
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.accept()
                return
            if isinstance(focus, QAbstractButton):
                focus.click()
                return
            if isinstance(focus, QTextEdit | QPlainTextEdit):
                return
            index = self._field_index(focus)
            if index is not None and index < len(self._fields) - 1:
                nxt = next((f for f in self._fields[index + 1 :] if f.isEnabled() and f.isVisible()), None)
                if nxt is not None:
                    nxt.setFocus(Qt.FocusReason.TabFocusReason)
                    return
            if index is None and focus is not None and self.isAncestorOf(focus):
                self.focusNextChild()
                return
            self.accept()
            return
        super().keyPressEvent(event)

    def _field_index(self, focus: QWidget | None) -> int | None:
        while focus is not None:
            if focus in self._fields:
                return self._fields.index(focus)
            focus = focus.parentWidget()
        return None
