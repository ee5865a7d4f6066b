"""Amount entry field: digits only, thousands grouped as you type, decimals only where the currency has them.

    price = MoneyEdit(currency="XOF")        # F CFA: whole francs, "1250500" shows "1 250 500"
    price.value()        -> 1250500          # minor units (parse_amount), None when empty or invalid
    price.setValue(5000)                      # shows "5 000"
    price.error()        -> ""               # or the French reason ("… n'est pas un nombre entier de francs.")
    price.setAllowZero(False)                 # error() then refuses 0
    price.valueChanged.connect(...)           # object: int | None

Keystrokes that would make the text invalid (a letter, a comma for XOF, a third decimal for MAD…) are
refused by a QValidator; ``refusal()`` gives the French reason of the last refused keystroke (also shown
as a tooltip and emitted by ``refused(str)``). The thousands separator is a plain space (U+0020): it shows
in every font, copies cleanly, and parse_amount accepts it. The decimal separator is the comma; a dot
typed on the numeric keypad becomes a comma for currencies with centimes.
"""

from __future__ import annotations

from PySide6.QtCore import Property, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import QLineEdit, QSizePolicy, QToolTip, QWidget

from centre_app.domain.errors import DomainError, message
from centre_app.domain.money import DEFAULT_CURRENCY, MAX_MAJOR, Currency, parse_amount
from centre_app.domain.money import currency as currency_of
from centre_app.views.i18n import _

GROUP = " "  # thousands separator shown while typing
DECIMAL = ","
_IGNORED = " \u00a0\u202f\u2009"  # spaces the clerk may type or paste: regrouped anyway
MAX_DIGITS = len(str(MAX_MAJOR))


def group_digits(digits: str) -> str:
    """'1250500' -> '1 250 500'."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return GROUP.join(p for p in parts if p)


def format_minor(value: int, cur: Currency) -> str:
    """Minor units as the field shows them: 1250500 -> '1 250 500'; 1250 (MAD) -> '12,50'."""
    sign = "-" if value < 0 else ""
    major, minor = divmod(abs(value), cur.factor)
    text = sign + group_digits(str(major))
    if cur.exponent:
        text += DECIMAL + str(minor).rjust(cur.exponent, "0")
    return text


class GroupedNumberValidator(QValidator):
    """Digits and at most ``decimals`` decimals after one comma; regroups the thousands as you type and
    keeps the cursor beside the digit it followed. ``last_refusal`` tells why the last keystroke was refused."""

    def __init__(self, decimals: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.decimals = decimals
        self.last_refusal = ""

    def no_decimals_reason(self) -> str:
        return _("Whole numbers only: no decimal comma.")

    def _refuse(self, reason: str) -> tuple[QValidator.State, str, int]:
        self.last_refusal = reason
        return QValidator.State.Invalid, "", 0

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:  # type: ignore[override]
        kept: list[str] = []
        before = 0  # significant characters (digits, comma) left of the cursor
        for i, typed in enumerate(text):
            if typed in _IGNORED:
                continue
            ch = DECIMAL if typed == "." else typed  # the numeric keypad types a dot
            if ch == DECIMAL:
                if not self.decimals:
                    return self._refuse(self.no_decimals_reason())
                if DECIMAL in kept:
                    return self._refuse(_("Only one decimal comma."))
            elif not ch.isdigit() or not ch.isascii():
                return self._refuse(_("Only digits are allowed here."))
            kept.append(ch)
            if i < pos:
                before += 1
        integer, comma, fraction = "".join(kept).partition(DECIMAL)
        if len(fraction) > self.decimals:
            return self._refuse(_("At most {n} decimals.").format(n=self.decimals))
        stripped = integer.lstrip("0") or ("0" if integer else "")
        before -= min(len(integer) - len(stripped), before)
        if len(stripped) > MAX_DIGITS:
            return self._refuse(_("The number is too large."))
        integer = stripped
        if comma and not integer:
            integer, before = "0", before + 1  # ",5" -> "0,5"
        shown = group_digits(integer) + comma + fraction
        cursor = 0
        while before > 0 and cursor < len(shown):
            if shown[cursor] != GROUP:
                before -= 1
            cursor += 1
        self.last_refusal = ""
        state = QValidator.State.Intermediate if comma and not fraction else QValidator.State.Acceptable
        return state, shown, cursor

    def fixup(self, text: str) -> str:
        return text.rstrip(DECIMAL)


class AmountValidator(GroupedNumberValidator):
    """Amounts of one currency: as many decimals as it has minor digits (none for F CFA)."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(0, parent)
        self.set_currency(code)

    def set_currency(self, code: str) -> None:
        self.currency = currency_of(code)
        self.decimals = self.currency.exponent

    def no_decimals_reason(self) -> str:
        return _("No decimals in {currency}: type a whole amount.").format(currency=_symbol(self.currency))


class GroupedLineEdit(QLineEdit):
    """Right-aligned number field: Backspace/Delete step over the group spaces; a refused keystroke
    shows its French reason in a tooltip and emits ``refused(str)``."""

    refused = Signal(str)  # French reason of a refused keystroke
    WIDTH_SAMPLE = "9 999 999 999"  # the width a figure needs; forms keep the field that wide

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.inputRejected.connect(self._on_rejected)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance(self.WIDTH_SAMPLE) + 24, hint.height())

    def _on_rejected(self) -> None:
        reason = self.refusal()
        if reason:
            if self.isVisible():
                QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), reason, self)
            self.refused.emit(reason)

    def refusal(self) -> str:
        """French reason of the last keystroke refused ("" once a keystroke is accepted)."""
        validator = self.validator()
        return validator.last_refusal if isinstance(validator, GroupedNumberValidator) else ""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Backspace just after a group space (or Delete just before one) removes the digit beyond it,
        # otherwise the regrouping would put the space straight back and the key would seem dead.
        if not self.hasSelectedText() and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            pos, text = self.cursorPosition(), self.text()
            if event.key() == Qt.Key.Key_Backspace and pos > 0 and text[pos - 1] == GROUP:
                self.setCursorPosition(pos - 1)
            elif event.key() == Qt.Key.Key_Delete and pos < len(text) and text[pos] == GROUP:
                self.setCursorPosition(pos + 1)
        super().keyPressEvent(event)


def _symbol(cur: Currency) -> str:
    return "F CFA" if cur.code in ("XOF", "XAF") else cur.symbol


class MoneyEdit(GroupedLineEdit):
    """A right-aligned amount field in a currency's minor units (see the module docstring)."""

    valueChanged = Signal(object)  # int | None

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        currency: str = DEFAULT_CURRENCY,
        allow_zero: bool = True,
    ) -> None:
        super().__init__(parent)
        self._allow_zero = allow_zero
        self._last: int | None = None
        self.setValidator(AmountValidator(currency, self))
        self.setCurrency(currency)
        self.textChanged.connect(self._on_text_changed)

    # --- currency and zero -------------------------------------------------------------
    def currency(self) -> str:
        return self._validator().currency.code

    def setCurrency(self, code: str) -> None:
        value = self.value()
        self._validator().set_currency(code)
        self.setPlaceholderText(_symbol(self._validator().currency))
        self.setValue(value)

    def allowZero(self) -> bool:
        return self._allow_zero

    def setAllowZero(self, allow: bool) -> None:
        self._allow_zero = allow

    allow_zero = Property(bool, allowZero, setAllowZero)

    # --- value ---------------------------------------------------------------------------
    def value(self) -> int | None:
        """The amount in minor units, or None when the field is empty or not a valid amount."""
        if not self.text().strip():
            return None
        try:
            return parse_amount(self.text(), self.currency())
        except DomainError:
            return None

    def setValue(self, value: int | None) -> None:
        self.setText("" if value is None else format_minor(value, self._validator().currency))

    def error(self) -> str:
        """French reason why the text is not an acceptable amount; "" when it is (or is empty)."""
        text = self.text()
        if not text.strip():
            return ""
        try:
            amount = parse_amount(text, self.currency())
        except DomainError as err:
            return message(err)
        if amount == 0 and not self._allow_zero:
            return message(DomainError("money.not_positive"))
        return ""

    # --- internals -------------------------------------------------------------------------
    def _validator(self) -> AmountValidator:
        validator = self.validator()
        assert isinstance(validator, AmountValidator)
        return validator

    def _on_text_changed(self, _text: str) -> None:
        value = self.value()
        if value != self._last:
            self._last = value
            self.valueChanged.emit(value)
