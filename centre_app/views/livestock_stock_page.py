"""« Animaux en stock »: the centre's own animals (achat-revente) per species and category, at cost, on a day.

They enter at the conclusion of a purchase for resale and leave at its delivery (or when it is cancelled);
the ledger is the service's (``livestock_stock.animals_on_hand``).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from centre_app.services import livestock_stock
from centre_app.views.cash_models import Col, RowsModel, bold, money, table_view
from centre_app.views.context import ViewContext
from centre_app.views.i18n import N_, _
from centre_app.views.widgets.date_edit import DateEdit


class AnimalsOnHandPage(QWidget):
    TITLE = N_("Animals in stock (purchase for resale)")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        centre = ctx.settings()
        self.cur = (centre.currency, centre.locale)
        self.today = QCheckBox(_("Now"), self)
        self.today.setObjectName("now")
        self.today.setChecked(True)
        self.day = DateEdit(self)
        self.day.setObjectName("day")
        self.day.setEnabled(False)
        self.model = RowsModel((
            Col(N_("Species"), lambda r: r.species_name),
            Col(N_("Category"), lambda r: r.category_name),
            Col(N_("Heads"), lambda r: str(r.heads), numeric=True),
            Col(N_("Value at cost"), lambda r: money(r.value, self.cur, symbol=False), numeric=True),
        ), parent=self)  # fmt: skip
        self.table = table_view(self, self.model, "animals_on_hand", stretch=1)
        self.total = QLabel(self)
        self.total.setObjectName("stock_total")
        self.total.setFont(bold())
        note = QLabel(_("Animals bought by the centre to be resold: in at the purchase, out at the delivery."), self)
        note.setStyleSheet("color: #555555;")
        top = QHBoxLayout()
        top.addWidget(self.today)
        top.addWidget(QLabel(_("or on"), self))
        top.addWidget(self.day)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        self.today.toggled.connect(self._period_changed)
        self.day.dateChanged.connect(lambda _d: self.refresh())
        ctx.changed.connect(lambda areas: self.refresh() if "livestock" in areas else None)
        self.refresh()

    def _period_changed(self, now: bool) -> None:
        self.day.setEnabled(not now)
        self.refresh()

    def on(self) -> date | None:
        return None if self.today.isChecked() else self.day.value()

    def refresh(self) -> None:
        day = self.on()
        rows = self.ctx.read(lambda s: livestock_stock.animals_on_hand(s, day))
        self.model.set_rows(rows)
        self.total.setText(
            _("Total: {heads} heads, {value} at cost").format(
                heads=sum(r.heads for r in rows), value=money(sum(r.value for r in rows), self.cur)
            )
            if rows
            else _("No animal of the centre in stock.")
        )
