"""Table helpers: label/value blocks, lists with a repeated header row and zebra rows, signature boxes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from centre_app.printing.fonts import register_fonts
from centre_app.printing.styles import (
    ALIGNMENTS,
    CELL,
    CELL_HEAD,
    CONTENT_WIDTH,
    GREY,
    HEADER_FILL,
    LABEL,
    RULE,
    SMALL,
    VALUE,
    ZEBRA_FILL,
    para,
)

__all__ = ["SignatureSlot", "data_table", "key_value_table", "signature_block"]


def key_value_table(
    rows: Sequence[tuple[str, object]],
    *,
    columns: int = 1,
    width: float = CONTENT_WIDTH,
    label_width: float | Sequence[float] = 42 * mm,
    pair_widths: Sequence[float] | None = None,
) -> Table:
    """Label / value pairs, labels in grey; ``columns=2`` puts two pairs side by side (filled row by row).

    ``label_width`` is one width for every column of pairs or one per column; ``pair_widths``
    (label + value, one per column) lets a column with long values be wider than the other.
    Values are plain text (``\\n`` kept as a line break); an empty value prints « — ».
    """
    register_fonts()
    cells = [(para(label, LABEL), para(value if str(value or "").strip() else "—", VALUE)) for label, value in rows]
    gap = 6 * mm
    labels = [label_width] * columns if isinstance(label_width, (int, float)) else list(label_width)
    pairs = list(pair_widths) if pair_widths is not None else [(width - gap * (columns - 1)) / columns] * columns
    if len(labels) != columns or len(pairs) != columns:
        raise ValueError("label_width and pair_widths need one entry per column")
    data: list[list[Any]] = []
    for start in range(0, len(cells), columns):
        line: list[Any] = []
        for index in range(columns):
            if index:
                line.append("")
            label, value = cells[start + index] if start + index < len(cells) else ("", "")
            line.extend([label, value])
        data.append(line)
    col_widths: list[float] = []
    for index in range(columns):
        if index:
            col_widths.append(gap)
        col_widths.extend([labels[index], pairs[index] - labels[index]])
    table = Table(data, colWidths=col_widths, hAlign="LEFT")
    # Labels are smaller than values: push them down so both sit on the same baseline.
    label_shift = VALUE.fontSize - LABEL.fontSize
    label_columns = [("TOPPADDING", (3 * i, 0), (3 * i, -1), 2.5 + label_shift) for i in range(columns)]
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, HEADER_FILL),
                *label_columns,
            ]
        )
    )
    return table


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    col_widths: Sequence[float],
    *,
    align: str | None = None,
) -> Table:
    """A list with a bold header row repeated on every page, zebra rows and thin grey lines.

    ``align`` has one letter per column, ``L``, ``C`` or ``R`` (amounts and numbers); left by
    default. A cell that fits on one line keeps babel's narrow no-break spaces (see :func:`para`).
    """
    register_fonts()
    letters = (align or "L" * len(header)).upper()
    if len(letters) != len(header) or len(col_widths) != len(header):
        raise ValueError("header, col_widths and align must have one entry per column")
    head_styles = [ParagraphStyle(f"Head{a}", parent=CELL_HEAD, alignment=ALIGNMENTS[a]) for a in letters]
    cell_styles = [ParagraphStyle(f"Cell{a}", parent=CELL, alignment=ALIGNMENTS[a]) for a in letters]
    data: list[list[Any]] = [[para(h, s) for h, s in zip(header, head_styles, strict=True)]]
    for row in rows:
        if len(row) != len(header):
            raise ValueError("every row must have one value per column")
        data.append([para(value, s) for value, s in zip(row, cell_styles, strict=True)])
    table = Table(data, colWidths=list(col_widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA_FILL]),
                ("GRID", (0, 0), (-1, -1), 0.35, RULE),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, GREY),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 1.8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
            ]
        )
    )
    return table


@dataclass(frozen=True)
class SignatureSlot:
    """One box of a signature block: a label above, an optional caption (a name) below."""

    label: str
    caption: str = ""
    thumbprint: bool = False  # a small square box for a thumbprint instead of a wide signature box


def signature_block(
    slots: Sequence[SignatureSlot],
    *,
    width: float = CONTENT_WIDTH,
    box_height: float = 30 * mm,
    before: str = "",
    lead: Sequence[Flowable] = (),
) -> Flowable:
    """Boxes side by side for signatures and thumbprints (« Empreinte digitale »), kept on one page.

    ``before`` is a line printed just above the boxes (« Fait à Djibo, le 22 novembre 2026 »);
    ``lead`` are flowables that must stay on the same page as the boxes (the statement being
    signed, totals). They are passed here rather than wrapped in another KeepTogether because
    reportlab cannot nest KeepTogether: the outer one would always start a new page.
    """
    register_fonts()
    if not slots:
        raise ValueError("a signature block needs at least one slot")
    gap = 5 * mm
    thumb_width = 36 * mm
    n_thumbs = sum(1 for s in slots if s.thumbprint)
    n_wide = len(slots) - n_thumbs
    free = width - gap * (len(slots) - 1) - thumb_width * n_thumbs
    wide_width = free / n_wide if n_wide else 0
    label_style = ParagraphStyle("SigLabel", parent=CELL_HEAD, fontSize=8.5, leading=10.5, alignment=TA_CENTER)
    caption_style = ParagraphStyle("SigCaption", parent=SMALL, alignment=TA_CENTER, textColor=GREY)
    labels: list[Any] = []
    boxes: list[Any] = []
    captions: list[Any] = []
    col_widths: list[float] = []
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("VALIGN", (0, 2), (-1, 2), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for index, slot in enumerate(slots):
        if index:
            for row in (labels, boxes, captions):
                row.append("")
            col_widths.append(gap)
        column = len(col_widths)
        labels.append(para(slot.label, label_style))
        boxes.append("")
        captions.append(para(slot.caption, caption_style) if slot.caption else "")
        col_widths.append(thumb_width if slot.thumbprint else wide_width)
        style.append(("BOX", (column, 1), (column, 1), 0.6, GREY))
    table = Table(
        [labels, boxes, captions],
        colWidths=col_widths,
        rowHeights=[None, box_height, None],
        hAlign="LEFT",
    )
    table.setStyle(TableStyle(style))
    parts: list[Flowable] = [*lead, Spacer(1, 6 * mm)]
    if before:
        parts.extend([para(before), Spacer(1, 3 * mm)])
    parts.append(table)
    return KeepTogether(parts)
