"""The monthly workbook (XLSX, PRODUCT.md §9.2): one sheet per table of :class:`MonthlyData`, then the
sheets other modules add.

Every sheet: a bold header row, frozen, with an autofilter over the data; real numbers and dates (never
text); a bold « Total » row under the data (values, equal to the column sums); column widths that fit.
Number formats are stored as ``#,##0`` — the thousands grouping that French Excel and LibreOffice show as
« # ##0 », with a no-break space (the reader's locale renders the separator; a literal space in the code
would not group millions). Money is in the currency's unit (F CFA: integers; MAD: 2 decimals).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from centre_app.domain.charts import CHARTS
from centre_app.domain.formatting import format_datetime, format_month
from centre_app.domain.periods import Period
from centre_app.services.monthly_report import Column, MonthlyData, Sheet, monthly_data

DATE_FORMAT = "DD/MM/YYYY"
BOLD = Font(bold=True)


def _money(data: MonthlyData) -> Any:
    from centre_app.domain.money import currency

    exponent = currency(data.currency).exponent
    return (lambda v: v) if exponent == 0 else (lambda v: Decimal(v).scaleb(-exponent))


def core_sheets(data: MonthlyData) -> list[Sheet]:
    """The tables of the month as sheets (money already in the currency's unit)."""
    m, money = data.entries, _money(data)
    amount, qty, day = "money", "quantity", "date"
    return [
        Sheet("Écritures", (
            Column("Journal"), Column("N° d'écriture"), Column("Date", day), Column("Compte"),
            Column("Libellé du compte"), Column("Compte auxiliaire"), Column("Tiers"), Column("Pièce"),
            Column("Date de la pièce", day), Column("Libellé"), Column("Débit", amount, True),
            Column("Crédit", amount, True)),
            tuple((x.journal_code, x.entry_number, x.entry_date, x.account, x.account_label, x.aux_code, x.aux_name,
                   x.piece_ref, x.piece_date, x.label, money(x.debit), money(x.credit)) for x in m.lines)),
        Sheet("Balance", (
            Column("Compte"), Column("Libellé"), Column("Débit", amount, True), Column("Crédit", amount, True),
            Column("Solde débiteur", amount, True), Column("Solde créditeur", amount, True)),
            tuple((b.account, b.label, money(b.debit), money(b.credit), money(max(b.balance, 0)),
                   money(max(-b.balance, 0))) for b in m.balance)),
        Sheet("Journaux", (
            Column("Code"), Column("Journal"), Column("Écritures", "integer", True), Column("Débit", amount, True),
            Column("Crédit", amount, True)),
            tuple((j.code, j.label, j.entries, money(j.debit), money(j.credit)) for j in m.journals)),
        Sheet("Encaissements", (
            Column("Date", day), Column("Numéro"), Column("Document"), Column("Code tiers"), Column("Tiers"),
            Column("Moyen"), Column("Opérateur"), Column("Transaction"), Column("Objet"),
            Column("Encaissé", amount, True), Column("Décaissé", amount, True), Column("Statut")),
            tuple((x.day, x.number, x.doc_label, x.party_code, x.counterpart, x.means_label, x.operator,
                   x.transaction_id, x.purpose, money(x.received), money(x.paid_out), _status(x.status))
                  for x in data.payments)),
        Sheet("Par moyen de paiement", (
            Column("Moyen"), Column("Documents", "integer", True), Column("Encaissé", amount, True),
            Column("Décaissé", amount, True), Column("Net", amount, True)),
            tuple((t.label, t.count, money(t.received), money(t.paid_out), money(t.received - t.paid_out))
                  for t in data.by_means)),
        Sheet("Ventes par produit", (
            Column("Code"), Column("Produit"), Column("Catégorie"), Column("Quantité (unité de base)", qty),
            Column("Montant", amount, True), Column("Coût (CUMP)", amount, True), Column("Marge", amount, True)),
            tuple((f.product_code, f.product_name, f.category, f.quantity, money(f.amount), money(f.cost),
                   money(f.amount - f.cost)) for f in data.sales)),
        Sheet("Achats par produit", (
            Column("Code"), Column("Produit"), Column("Catégorie"), Column("Origine"),
            Column("Quantité (unité de base)", qty), Column("Montant", amount, True)),
            tuple((f.product_code, f.product_name, f.category, f.origin, f.quantity, money(f.amount))
                  for f in data.purchases)),
        Sheet("Stock fin de mois", (
            Column("Code"), Column("Produit"), Column("Catégorie"), Column("Quantité début", qty),
            Column("Valeur début", amount, True), Column("Quantité fin", qty), Column("En unités"),
            Column("Valeur fin", amount, True), Column("CUMP", amount), Column("Par"),
            Column("Variation", amount, True)),
            tuple((s.product_code, s.product_name, s.category, s.opening_quantity, money(s.opening_value), s.quantity,
                   s.described, money(s.value), money(s.cump_per_unit) if s.cump_per_unit is not None else None,
                   s.unit_name, money(s.value - s.opening_value)) for s in data.stock)),
        Sheet("Commandes en cours", (
            Column("Commande"), Column("Date", day), Column("Code tiers"), Column("Client"), Column("Produit"),
            Column("Commandé", qty), Column("Livré", qty), Column("Reste à livrer", qty),
            Column("Montant restant", amount, True)),
            tuple((o.order_number, o.order_date, o.party_code, o.party_name, o.product_name, o.ordered, o.delivered,
                   o.remaining, money(o.remaining_amount)) for o in data.outstanding)),
        Sheet("Créances (ancienneté)", (
            Column("Code tiers"), Column("Tiers"), Column("Reste dû", amount, True),
            Column("0 à 30 jours", amount, True), Column("31 à 60 jours", amount, True),
            Column("61 à 90 jours", amount, True), Column("Plus de 90 jours", amount, True)),
            tuple((d.party_code, d.party_name, money(d.remaining), *(money(b) for b in d.buckets))
                  for d in data.debts)),
    ]  # fmt: skip


def _in_currency_unit(sheet: Sheet, data: MonthlyData) -> Sheet:
    """A module's sheet gives money in minor units, as stored: converted like the core tables."""
    money = _money(data)
    kinds = [c.kind for c in sheet.columns]
    rows = tuple(
        tuple(money(v) if k == "money" and isinstance(v, int) else v for v, k in zip(row, kinds, strict=True))
        for row in sheet.rows
    )
    return Sheet(sheet.title, sheet.columns, rows)


def _status(status: str) -> str:
    return {"valide": "Validé", "annule": "Annulé depuis", "annulation": "Annulation"}.get(status, status)


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime | date):
        return 10
    if isinstance(value, int | Decimal):
        return len(f"{value:,}") + 1
    return len(str(value))


def _number_format(column: Column, values: Sequence[Any], money_decimals: int) -> str | None:
    if column.kind == "date":
        return DATE_FORMAT
    if column.kind == "money":
        return "#,##0" if money_decimals == 0 else "#,##0.00"
    if column.kind == "integer":
        return "#,##0"
    if column.kind == "quantity":
        whole = all(v is None or Decimal(v) == Decimal(v).to_integral_value() for v in values)
        return "#,##0" if whole else "#,##0.000"
    return None


def write_sheet(ws: Worksheet, sheet: Sheet, money_decimals: int = 0) -> None:
    """Header, rows, totals row, formats, widths, frozen header and autofilter."""
    ws.append([c.title for c in sheet.columns])
    for cell in ws[1]:
        cell.font = BOLD
    for row in sheet.rows:
        ws.append(list(row))
    n = len(sheet.rows)
    if any(c.total for c in sheet.columns):
        totals: list[Any] = [
            sum((r[i] for r in sheet.rows if r[i] is not None), 0) if c.total else None
            for i, c in enumerate(sheet.columns)
        ]
        totals[0] = "Total"
        ws.append(totals)
        for cell in ws[n + 2]:
            cell.font = BOLD
    for i, column in enumerate(sheet.columns, start=1):
        values = [r[i - 1] for r in sheet.rows]
        fmt = _number_format(column, values, money_decimals)
        if fmt:
            for (cell,) in ws.iter_rows(min_row=2, max_row=ws.max_row, min_col=i, max_col=i):
                cell.number_format = fmt
        width = max([len(column.title), *(_width(v) for v in values)], default=8)
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, width + 2))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}{max(n, 1) + 1}"


def _summary(ws: Worksheet, data: MonthlyData) -> None:
    m = data.entries
    rows: list[tuple[str, Any]] = [
        ("Centre", data.centre_name), ("Mois", format_month(data.period.start, data.locale)),
        ("Du", data.period.start), ("Au", data.period.last_day), ("Plan comptable", CHARTS.get(m.chart, m.chart)),
        ("Devise", data.currency), ("Mois verrouillé", "oui" if data.locked else "non"),
        ("Écritures", len(m.entries)), ("Lignes d'écriture", len(m.lines)), ("Total débit", _money(data)(m.debit)),
        ("Total crédit", _money(data)(m.credit)), ("Empreinte des écritures (SHA-256)", m.digest),
        ("Établi le", format_datetime(data.generated_at, data.locale)),
    ]  # fmt: skip
    ws.append(["Rubrique", "Valeur"])
    for cell in ws[1]:
        cell.font = BOLD
    for row in rows:
        ws.append(list(row))
    for (cell,) in ws.iter_rows(min_row=2, min_col=2, max_col=2):
        if isinstance(cell.value, date):
            cell.number_format = DATE_FORMAT
        elif isinstance(cell.value, int | Decimal):
            cell.number_format = "#,##0"
    ws.column_dimensions["A"].width = 36
    ws.column_dimensions["B"].width = 70
    ws.freeze_panes = "A2"


def workbook_bytes(data: MonthlyData) -> bytes:
    from centre_app.domain.money import currency

    wb = Workbook()
    first = wb.active
    first.title = "Mois"
    _summary(first, data)
    decimals = currency(data.currency).exponent
    for sheet in [*core_sheets(data), *(_in_currency_unit(x, data) for x in data.sections)]:
        write_sheet(wb.create_sheet(sheet.title[:31]), sheet, decimals)
    moment = data.generated_at.replace(tzinfo=None)
    wb.properties.creator = data.centre_name or "Centre de services"
    wb.properties.title = f"Synthèse mensuelle {data.period.start:%Y-%m}"
    wb.properties.created = wb.properties.modified = moment
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def monthly_workbook(session: Session, month: Period | str) -> bytes:
    """The month's workbook as XLSX bytes (``Action.EXPORT``, checked by :func:`monthly_data`)."""
    return workbook_bytes(monthly_data(session, month))
