"""Party picker: type a few letters of a name, code, phone or village, choose in the list that drops down.

    picker = PartyPicker(ctx, role="producteur")     # role optional ("op", "producteur", …)
    picker.partyChosen.connect(lambda party_id: ...)  # the clerk chose a party (mouse or Down + Enter)
    picker.party_id()        -> int | None            # None until a party is chosen from the list
    picker.set_party(12, "T0012 — SIDIBÉ Fatimata")   # an existing choice (edit forms); emits nothing
    picker.error()           -> ""                    # or « Choisissez un tiers dans la liste. »

The search is the service's (``parties.list_parties``: accents and case ignored, active parties
only, 20 at most), run through ``ctx.read`` 150 ms after the last keystroke. Editing the text
after a choice drops it (``partyCleared``); Enter on a text that matches exactly one party chooses it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from centre_app.services import parties
from centre_app.services.parties import PartyRow
from centre_app.views.context import ViewContext
from centre_app.views.i18n import _

DEBOUNCE_MS = 150
LIMIT = 20
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def party_label(row: PartyRow) -> str:
    """« Code — Nom (village) », the village left out when unknown."""
    label = f"{row.code} — {row.name}"
    return f"{label} ({row.village})" if row.village else label


class PartyPicker(QLineEdit):
    """A QLineEdit with a popup of matching parties (see the module docstring)."""

    partyChosen = Signal(int)
    partyCleared = Signal()

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None, *, role: str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._role = role
        self._party_id: int | None = None
        self.setPlaceholderText(_("Name, code, phone or village…"))
        self.setClearButtonEnabled(True)
        self.model = QStandardItemModel(self)
        self.completer_ = QCompleter(self.model, self)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setMaxVisibleItems(12)
        # setWidget, not setCompleter: the line edit keeps what the clerk typed while they move in the list.
        self.completer_.setWidget(self)
        self.completer_.activated[QModelIndex].connect(self._choose_index)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.search_now)
        self.textEdited.connect(self._on_edited)
        self.textChanged.connect(self._on_text_changed)

    # --- API -----------------------------------------------------------------------------
    def party_id(self) -> int | None:
        return self._party_id

    def set_party(self, party_id: int | None, label: str = "") -> None:
        """Show an existing choice (or none); emits no signal."""
        self.timer.stop()
        self._party_id = party_id
        self.blockSignals(True)
        self.setText(label if party_id is not None else "")
        self.blockSignals(False)

    def role(self) -> str | None:
        return self._role

    def set_role(self, role: str | None) -> None:
        """Only parties having this role ("op", "producteur", …) are offered; None for all."""
        self._role = role

    def error(self) -> str:
        """French message when something is typed but no party was chosen; "" otherwise."""
        if self.text().strip() and self._party_id is None:
            return _("Choose a party from the list.")
        return ""

    def popup_visible(self) -> bool:
        return self.completer_.popup().isVisible()

    # --- search ------------------------------------------------------------------------------
    def search_now(self) -> list[PartyRow]:
        """Run the search for the current text and show the matches (called by the debounce timer)."""
        self.timer.stop()
        text, role = self.text().strip(), self._role
        self.model.clear()
        if not text:
            self.completer_.popup().hide()
            return []
        rows = self.ctx.read(lambda s: parties.list_parties(s, text, role=role, active_only=True, limit=LIMIT))
        for row in rows:
            item = QStandardItem(party_label(row))
            item.setData(row.id, ID_ROLE)
            item.setEditable(False)
            self.model.appendRow(item)
        if rows and self.hasFocus():
            self._show_popup()
        else:
            self.completer_.popup().hide()
        return rows

    def _show_popup(self) -> None:
        popup = self.completer_.popup()
        width = popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width() + 12
        rect = QRect(0, 0, max(self.width(), width), self.height())
        self.completer_.complete(rect)

    # --- choosing ------------------------------------------------------------------------------
    def _choose_index(self, index: QModelIndex) -> None:
        party_id = index.data(ID_ROLE)
        if party_id is not None:
            self._choose(int(party_id), str(index.data(Qt.ItemDataRole.DisplayRole)))

    def _choose(self, party_id: int, label: str) -> None:
        self.timer.stop()
        self.completer_.popup().hide()
        self.set_party(party_id, label)
        self.partyChosen.emit(party_id)

    def _on_edited(self, _text: str) -> None:
        self._drop_choice()
        self.timer.start()

    def _on_text_changed(self, text: str) -> None:
        if not text:
            self.timer.stop()
            self._drop_choice()
            self.completer_.popup().hide()

    def _drop_choice(self) -> None:
        if self._party_id is not None:
            self._party_id = None
            self.partyCleared.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.popup_visible() and key in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_Escape,
            Qt.Key.Key_Tab,
            Qt.Key.Key_Backtab,
        ):
            event.ignore()  # the completer chooses (Enter, Tab) or closes (Échap)
            return
        if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.text().strip() and self._party_id is None:
            if self.timer.isActive() or self.model.rowCount() == 0:
                self.search_now()
            elif self.model.rowCount():
                self._show_popup()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._party_id is None and self.text().strip():
            rows = self.search_now() if self.timer.isActive() or self.model.rowCount() == 0 else None
            count = len(rows) if rows is not None else self.model.rowCount()
            if count == 1:
                self._choose_index(self.model.index(0, 0))
            elif count > 1:
                self._show_popup()  # several matches: the clerk picks one, Enter does not leave the field
                event.accept()
                return
        super().keyPressEvent(event)
