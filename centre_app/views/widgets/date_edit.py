"""Date entry: dd/MM/yyyy typed from the keyboard, or picked in a French calendar (Monday first).

    day = DateEdit(minimum=date(2026, 1, 1), maximum=date.today())   # bounds optional
    day.value()                -> datetime.date
    day.setValue(date(2026, 11, 22))
    day.dateChanged.connect(...)                                     # QDateEdit's own signal

Keyboard: type the digits (« 22112026 » or « 22/11/2026 »: each section jumps to the next when full,
« / » jumps too), Up/Down change the section under the cursor, Alt+Down or F4 opens the calendar
(arrows, Enter to choose, Échap to close), and the key **T** puts today's date (the one shortcut).
A two-digit year is read as 20xx (« 22/11/26 » → 22/11/2026). Keyboard focus selects the day first.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QDate, QEvent, QLocale, QPointF, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QCalendarWidget, QDateEdit, QSizePolicy, QWidget

from centre_app.views.i18n import _

DISPLAY_FORMAT = "dd/MM/yyyy"
FRENCH = QLocale(QLocale.Language.French, QLocale.Country.BurkinaFaso)
TODAY_KEY = Qt.Key.Key_T
SEPARATORS = ("/", ".", "-")
SHORT_YEAR = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{1,2})")


class DateEdit(QDateEdit):
    """A QDateEdit in French with a calendar popup, today's date by default (see the module docstring)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        value: date | None = None,
        minimum: date | None = None,
        maximum: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._auto_advanced = False
        self.setLocale(FRENCH)
        self.setDisplayFormat(DISPLAY_FORMAT)
        self.setCalendarPopup(True)
        calendar = QCalendarWidget(self)
        calendar.setLocale(FRENCH)
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        calendar.setGridVisible(True)
        calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setCalendarWidget(calendar)
        self.setCorrectionMode(QDateEdit.CorrectionMode.CorrectToNearestValue)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.set_range(minimum, maximum)
        self.setValue(value or date.today())
        self.setToolTip(_("Type the date as dd/mm/yyyy; T puts today's date; Alt+Down opens the calendar."))

    def value(self) -> date:
        return self.date().toPython()  # type: ignore[return-value]

    def setValue(self, value: date) -> None:
        self.setDate(QDate(value.year, value.month, value.day))

    def set_range(self, minimum: date | None = None, maximum: date | None = None) -> None:
        """Optional bounds; outside them the field corrects to the nearest allowed date."""
        self.setMinimumDate(QDate(minimum.year, minimum.month, minimum.day) if minimum else QDate(1900, 1, 1))
        self.setMaximumDate(QDate(maximum.year, maximum.month, maximum.day) if maximum else QDate(2999, 12, 31))

    def set_today(self) -> None:
        self.setValue(date.today())
        self.setSelectedSection(QDateEdit.Section.DaySection)

    def open_calendar(self) -> None:
        """Drop the calendar down from the keyboard (Qt only opens it with the mouse on the arrow)."""
        arrow = QPointF(self.width() - 6, self.height() / 2)
        for kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            click = QMouseEvent(
                kind,
                arrow,
                self.mapToGlobal(arrow),
                Qt.MouseButton.LeftButton,
                Qt.MouseButton.LeftButton if kind == QEvent.Type.MouseButtonPress else Qt.MouseButton.NoButton,
                Qt.KeyboardModifier.NoModifier,
            )
            QApplication.sendEvent(self, click)
            if self.calendarWidget().isVisible():
                break
        self.calendarWidget().setFocus(Qt.FocusReason.PopupFocusReason)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() != Qt.FocusReason.MouseFocusReason:
            self.setSelectedSection(QDateEdit.Section.DaySection)  # typing replaces the day first

    def _expand_short_year(self) -> None:
        """« 22/11/26 » means 2026: a two-digit year would otherwise be corrected to a wrong date."""
        match = SHORT_YEAR.fullmatch(self.lineEdit().text().strip())
        if match:
            day, month, year = (int(g) for g in match.groups())
            typed = QDate(2000 + year, month, day)
            if typed.isValid():
                self.setDate(typed)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._expand_short_year()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self._expand_short_year()
        alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        if event.key() == Qt.Key.Key_F4 or alt_down:
            self.open_calendar()
            return
        if event.key() == TODAY_KEY and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            self.set_today()
            return
        # A full section jumps to the next one by itself (« 22 » → month): the « / » the clerk types
        # next must not jump a second time.
        if event.text() in SEPARATORS and self._auto_advanced:
            self._auto_advanced = False
            return
        section = self.currentSection()
        super().keyPressEvent(event)
        self._auto_advanced = event.text().isdigit() and self.currentSection() != section
