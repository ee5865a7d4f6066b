"""Write a table (as shown on screen, filtered) to XLSX or CSV: real numbers, frozen header, filter.

``export_list`` is the guarded form (PRODUCT.md §10: exports are for the manager, the accountant and the
administrator), journaled as « export »; ``write_table`` only writes the file.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.permissions import Action
from centre_app.services.context import require
from centre_app.services.events import record_event


@dataclass(frozen=True)
class ExportColumn:
    title: str
    kind: str = "text"  # text / money / integer / decimal / date


NUMBER_FORMATS = {"money": "#,##0", "integer": "#,##0", "decimal": "#,##0.###", "date": "DD/MM/YYYY"}


def export_list(
    session: Session, path: Path, title: str, columns: Sequence[ExportColumn], rows: Sequence[Sequence[Any]]
) -> Path:
    """Export a list for the accounting or a report (right « exporter »), journaled with its row count."""
    require(session, Action.EXPORT)
    written = write_table(path, title, columns, rows)
    record_event(session, "export", {"list": title, "file": path.name, "rows": len(rows)})
    return written


def write_table(path: Path, title: str, columns: Sequence[ExportColumn], rows: Sequence[Sequence[Any]]) -> Path:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx(path, title, columns, rows)
    if suffix == ".csv":
        return _csv(path, columns, rows)
    raise DomainError("export.bad_format", suffix=suffix or "?")


def _xlsx(path: Path, title: str, columns: Sequence[ExportColumn], rows: Sequence[Sequence[Any]]) -> Path:
    # openpyxl is imported when a list is exported, not at start-up (every list page imports this module).
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31] or "Liste"
    ws.append([c.title for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = [len(c.title) for c in columns]
    for row in rows:
        ws.append(list(row))
        for i, value in enumerate(row):
            widths[i] = max(widths[i], len(str(value)) if value is not None else 0)
    for i, col in enumerate(columns, start=1):
        fmt = NUMBER_FORMATS.get(col.kind)
        if fmt:
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = fmt
        ws.column_dimensions[get_column_letter(i)].width = min(60, max(8, widths[i - 1] + 2))
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _csv(path: Path, columns: Sequence[ExportColumn], rows: Sequence[Sequence[Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:  # BOM: Excel opens accents right
        writer = csv.writer(fh, delimiter=";")
        writer.writerow([c.title for c in columns])
        for row in rows:
            writer.writerow([_csv_value(v) for v in row])
    return path


def _csv_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "oui" if value else "non"
    return "" if value is None else value
