"""Small pieces shared by the Stock screens: printing through the preview, the magasin and product
choosers, quantities shown as typed, and the page button helper (F-key shortcut, permission tooltip).

Printing: ``preview(parent, ctx, "order_pdf", (order_id,), title, filename)`` calls
``services.stock_printouts.<name>(session, *args)`` and shows the PDF (tests replace ``preview``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_number
from centre_app.domain.permissions import Action
from centre_app.services import catalog
from centre_app.services.catalog import ProductRow, WarehouseRow
from centre_app.views.context import ViewContext, show_error
from centre_app.views.i18n import _
from centre_app.views.widgets.date_edit import DateEdit

ALERT_COLOUR = "#b00020"
WARNING_STYLE = "color: #8a5a00;"
STOCK_AREAS = {"stock", "products", "warehouses"}


def stock_pdf(session: Any, name: str, *args: Any) -> bytes:
    """A stock document as PDF bytes (printing is imported when first used)."""
    from centre_app.services import stock_printouts

    return getattr(stock_printouts, name)(session, *args)


def preview(
    parent: QWidget | None, ctx: ViewContext, name: str, args: Sequence[Any], title: str, filename: str
) -> None:
    """Show a stock document in the preview dialog (print, save as PDF); tests replace this function."""
    from centre_app.views.pdf_preview import PdfPreviewDialog

    try:
        pdf = ctx.read(lambda s: stock_pdf(s, name, *args))
    except DomainError as err:
        show_error(parent, err)
        return
    PdfPreviewDialog.preview(parent, pdf, title, filename)


def quantity_text(value: Decimal) -> str:
    """« 12 », « 10,5 » as the clerk would type it (no narrow spaces: they are typed back as plain ones)."""
    return format_number(value).replace("\u202f", " ").replace("\u00a0", " ")


def plain(text: str) -> str:
    """A service description with ordinary spaces (tables and labels wrap and copy better)."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def products(ctx: ViewContext, active_only: bool = True) -> list[ProductRow]:
    rows = ctx.read(lambda s: catalog.list_products(s, active_only=active_only))
    return sorted(rows, key=lambda p: (p.category, p.name))


def warehouses(ctx: ViewContext, active_only: bool = True) -> list[WarehouseRow]:
    rows = ctx.read(catalog.list_warehouses)
    return [w for w in rows if w.active or not active_only]


def fit_combo(combo: QComboBox, chars: int = 18) -> QComboBox:
    """A combo as wide as ``chars`` characters, not as its longest item: filter bars fit in 1 366 pixels."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo


def warehouse_combo(
    ctx: ViewContext, parent: QWidget, *, all_label: str | None = None, active_only: bool = True
) -> QComboBox:
    """Magasins (the centre's store first); ``all_label`` adds a first « all magasins » choice (data None)."""
    combo = QComboBox(parent)
    fit_combo(combo)
    if all_label is not None:
        combo.addItem(all_label, None)
    for w in sorted(warehouses(ctx, active_only), key=lambda w: (w.kind != "centre", w.name)):
        combo.addItem(w.name, w.id)
    return combo


def product_combo(
    ctx: ViewContext, parent: QWidget, *, all_label: str | None = None, active_only: bool = True
) -> QComboBox:
    """Products by category then name; type the first letters to jump; data is the product id."""
    combo = QComboBox(parent)
    fit_combo(combo)
    combo.setMaxVisibleItems(20)
    if all_label is not None:
        combo.addItem(all_label, None)
    for p in products(ctx, active_only):
        combo.addItem(p.name, p.id)
    return combo


def select_data(combo: QComboBox, value: Any) -> bool:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)
    return index >= 0


def labelled(parent: QWidget, text: str, widget: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setBuddy(widget)
    return label


def period_row(parent: QWidget, start: DateEdit, end: DateEdit) -> QHBoxLayout:
    """« Du [..] au [..] » (both days included)."""
    row = QHBoxLayout()
    row.addWidget(labelled(parent, _("From"), start))
    row.addWidget(start)
    row.addWidget(labelled(parent, _("to"), end))
    row.addWidget(end)
    return row


def year_start(day: date) -> date:
    return date(day.year, 1, 1)


def page_button(
    page: QWidget, ctx: ViewContext, text: str, slot: Callable[[], object], action: Action | None = None,
    key: str = "",
) -> QPushButton:  # fmt: skip
    """A page button: disabled with the refusal as tooltip when the role may not; ``key`` is its shortcut."""
    button = QPushButton(text, page)
    button.setAutoDefault(False)
    button.clicked.connect(lambda _checked=False: slot())
    if action is not None and not ctx.can(action):
        button.setEnabled(False)
        button.setToolTip(ctx.why_not(action))
    if key:
        QShortcut(QKeySequence(key), page, activated=lambda: button.isEnabled() and slot())
    return button
