"""The running totals of a livestock contract, always in view under the animal lines: heads, gross price,
commission, débours, net to the seller, what the buyer owes (and the margin of an achat-revente).

``figures_preview(...)`` is the domain's own arithmetic (``domain.livestock.compute``, a pure function) on
what is typed so far; the services compute it again when the contract is saved.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from centre_app.domain import livestock as dom
from centre_app.domain.errors import DomainError, message
from centre_app.views.cash_models import bold, money
from centre_app.views.i18n import N_, _
from centre_app.views.widgets.form_helpers import error_label

FIELDS = (
    ("heads", N_("Heads")),
    ("gross", N_("Gross price")),
    ("commission", N_("Commission")),
    ("fees", N_("Expenses")),
    ("net_to_seller", N_("Net to the seller")),
    ("buyer_total", N_("Buyer owes")),
    ("margin", N_("Margin")),
)


def figures_preview(
    contract_type: str, lines: list[dom.LineAmounts], terms: dom.CommissionTerms | None, fees: list[dom.FeeAmount]
) -> tuple[dom.Figures | None, str]:
    """(figures, "") or (None, the French reason) — « no lines yet » is not a reason worth showing."""
    try:
        return dom.compute(contract_type, lines, terms, fees), ""
    except DomainError as err:
        return None, "" if err.code == "livestock.no_lines" else message(err)


class TotalsBar(QFrame):
    def __init__(self, currency: tuple[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cur = currency
        self.setObjectName("totals")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#totals { background: #f4f6f8; }")
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 4, 8, 4)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(0)
        self.values: dict[str, QLabel] = {}
        for column, (key, title) in enumerate(FIELDS):
            caption = QLabel(_(title), self)
            caption.setStyleSheet("color: #555555;")
            value = QLabel("—", self)
            value.setObjectName(f"total_{key}")
            value.setFont(bold(1))
            grid.addWidget(caption, 0, column)
            grid.addWidget(value, 1, column)
            self.values[key] = value
        grid.setColumnStretch(len(FIELDS), 1)
        self.error = error_label(self, "totals_error")
        grid.addWidget(self.error, 2, 0, 1, len(FIELDS) + 1)
        self.show_margin(False)

    def show_margin(self, visible: bool) -> None:
        layout = self.layout()
        assert isinstance(layout, QGridLayout)
        for row in (0, 1):
            item = layout.itemAtPosition(row, len(FIELDS) - 1)
            if item is not None and item.widget() is not None:
                item.widget().setVisible(visible)

    def show_figures(self, figures: dom.Figures | None, lines: list[dom.LineAmounts], reason: str = "") -> None:
        """The figures; when they cannot be computed yet, at least the heads and the gross of the lines."""
        heads = figures.heads if figures else sum(x.heads for x in lines)
        gross = figures.gross if figures else sum(x.amount for x in lines)
        self.values["heads"].setText(str(heads))
        self.values["gross"].setText(money(gross, self.cur))
        for key in ("commission", "fees", "net_to_seller", "buyer_total", "margin"):
            self.values[key].setText(money(getattr(figures, key), self.cur) if figures else "—")
        self.error.setText(reason)

    def text(self, key: str) -> str:
        return self.values[key].text()
