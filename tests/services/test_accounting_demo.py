"""The accounting exports of one month of the demo database, against figures computed independently with plain
SQL: balanced entries and journals, cash and mobile-money journals equal to the receipts, stock variation equal
to the ledger, sales equal to the deliveries, real piece numbers; the workbook and the entries file agree; the
Windows-1252 file says the same; LibreOffice reads the same figures (when installed)."""

from __future__ import annotations

import io
import shutil
import sqlite3
import subprocess
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from centre_app.cli import run
from centre_app.domain.money import round_half_up
from centre_app.domain.periods import Period
from centre_app.models.database import Database
from centre_app.models.migrate import open_database
from centre_app.services import accounting, accounting_export, monthly_workbook
from centre_app.services.context import SYSTEM

pytestmark = pytest.mark.sqlite_only(reason="reads the demo file with sqlite3")

MONTH = "2026-10"
START, END = "2026-10-01", "2026-11-01"
CANCELLED = "FROM payment_cancellations c JOIN payments p ON p.id = c.payment_id"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Database]]:
    path = tmp_path_factory.mktemp("accounting") / "demo.db"
    assert run(["demo", "--db", str(path), "--until", END]) == 0
    db = open_database(path, create=False)
    yield path, db
    db.dispose()


@pytest.fixture(scope="module")
def month(demo: tuple[Path, Database]) -> accounting.MonthEntries:
    with demo[1].reading(SYSTEM) as s:
        return accounting.month_entries(s, Period.parse_month(MONTH))


@pytest.fixture(scope="module")
def csv_rows(demo: tuple[Path, Database]) -> list[list[str]]:
    with demo[1].reading(SYSTEM) as s:
        result = accounting_export.export_entries(s, MONTH)
    text = result.content.decode("utf-8-sig")
    rows = [r.split(";") for r in text.split("\r\n") if r]
    assert rows[0][0] == "JournalCode"
    return rows[1:]


@pytest.fixture(scope="module")
def workbook(demo: tuple[Path, Database]) -> bytes:
    with demo[1].reading(SYSTEM) as s:
        return monthly_workbook.monthly_workbook(s, MONTH)


def sql(path: Path, query: str, *params: Any) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


def one(path: Path, query: str, *params: Any) -> int:
    return int(sql(path, query, *params)[0][0] or 0)


def by_account(rows: list[list[str]], prefix: str) -> tuple[int, int]:
    chosen = [r for r in rows if r[4].startswith(prefix)]
    return sum(int(r[11]) for r in chosen), sum(int(r[12]) for r in chosen)


def test_every_entry_and_every_journal_is_balanced(month, csv_rows) -> None:
    assert len(month.entries) > 150
    for e in month.entries:
        assert e.debit == e.credit > 0, e.piece_ref
    per_entry: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_journal: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in csv_rows:
        per_entry[r[2]][0] += int(r[11])
        per_entry[r[2]][1] += int(r[12])
        per_journal[r[0]][0] += int(r[11])
        per_journal[r[0]][1] += int(r[12])
    assert len(per_entry) == len(month.entries)
    assert all(d == c for d, c in per_entry.values())
    assert all(d == c for d, c in per_journal.values())
    assert set(per_journal) == {"VT", "AC", "CA", "BQ", "MM", "OD"}
    assert {r[3][:6] for r in csv_rows} == {"202610"}


def test_cash_journal_equals_the_receipts_and_vouchers_of_the_month(demo, csv_rows) -> None:
    path = demo[0]
    paid_in = one(path, "SELECT sum(amount) FROM payments WHERE means='especes' AND direction='in' "
                        "AND business_date >= ? AND business_date < ?", START, END)  # fmt: skip
    paid_out = one(path, "SELECT sum(amount) FROM payments WHERE means='especes' AND direction='out' "
                         "AND business_date >= ? AND business_date < ?", START, END)  # fmt: skip
    back = dict(
        sql(path, f"SELECT p.direction, sum(p.amount) {CANCELLED} WHERE p.means='especes' AND c.business_date >= ? "
                  "AND c.business_date < ? GROUP BY p.direction", START, END)
    )  # fmt: skip
    short = -one(
        path, "SELECT sum(difference) FROM cash_closings WHERE difference < 0 AND day >= ? AND day < ?", START, END
    )
    over = one(
        path, "SELECT sum(difference) FROM cash_closings WHERE difference > 0 AND day >= ? AND day < ?", START, END
    )
    debit, credit = by_account(csv_rows, "5711")
    assert paid_in > 0
    assert paid_out > 0
    assert debit == paid_in + back.get("out", 0) + over
    assert credit == paid_out + back.get("in", 0) + short
    assert {r[0] for r in csv_rows if r[4] == "5711"} == {"CA"}
    signed = "CASE WHEN p.direction = 'in' THEN p.amount ELSE -p.amount END"
    fees = "CASE WHEN fees_borne_by='centre' THEN fees ELSE 0 END"
    mm_in = one(path, f"SELECT sum({signed} - {fees}) FROM payments p WHERE means='mobile_money' "
                      "AND business_date >= ? AND business_date < ?", START, END)  # fmt: skip
    mm_back = one(path, f"SELECT sum({signed}) {CANCELLED} WHERE p.means='mobile_money' AND c.business_date >= ? "
                        "AND c.business_date < ?", START, END)  # fmt: skip
    debit, credit = by_account(csv_rows, "552")
    assert mm_in > 0
    assert debit - credit == mm_in - mm_back
    assert {r[0] for r in csv_rows if r[4].startswith("552")} == {"MM"}


def test_stock_variation_equals_the_ledger(demo, csv_rows) -> None:
    path = demo[0]
    moved = one(
        path, "SELECT sum(value) FROM stock_movements WHERE business_date >= ? AND business_date < ?", START, END
    )
    moved += one(path, "SELECT sum(value) FROM livestock_stock_moves WHERE business_date >= ? AND business_date < ?",
                 START, END)  # fmt: skip  # the centre's own animals (achat-revente)
    debit, credit = by_account(csv_rows, "311")
    assert moved != 0
    assert debit - credit == moved
    var_debit, var_credit = by_account(csv_rows, "6031")
    assert var_credit - var_debit == moved
    losses = one(path, "SELECT -sum(value) FROM stock_movements WHERE kind='perte' AND business_date >= ? "
                       "AND business_date < ?", START, END)  # fmt: skip
    loss_pieces = {r[0] for r in sql(path, "SELECT DISTINCT number FROM stock_movements WHERE kind='perte' "
                                           "AND business_date >= ? AND business_date < ?", START, END)}  # fmt: skip
    assert losses > 0
    assert sum(int(r[11]) for r in csv_rows if r[8] in loss_pieces and r[4] == "6031") == losses


def test_sales_equal_the_deliveries_net_of_their_cancellations(demo, csv_rows) -> None:
    path = demo[0]
    query = (
        "SELECT dl.quantity, ol.amount, ol.quantity FROM delivery_lines dl JOIN deliveries d ON d.id = dl.delivery_id "
        "JOIN order_lines ol ON ol.id = dl.order_line_id {join} WHERE {day} >= ? AND {day} < ?"
    )
    dated = sql(path, query.format(join="", day="d.business_date"), START, END)
    undone = sql(path, query.format(join="JOIN stock_operations o ON o.id = d.cancellation_id", day="o.business_date"),
                 START, END)  # fmt: skip
    expected = sum(round_half_up(Fraction(a * q, oq)) for q, a, oq in dated)
    expected -= sum(round_half_up(Fraction(a * q, oq)) for q, a, oq in undone)
    expected += livestock(path, "gross", "= 'achat_revente'")  # animals bought and resold are sales too
    debit, credit = by_account(csv_rows, "7011")
    assert credit - debit == expected > 0
    # Every reception is bought goods (from a supplier, a donor, or a customer repaying in kind).
    purchases = one(
        path, "SELECT sum(total) FROM receptions WHERE business_date >= ? AND business_date < ?", START, END
    )
    purchases -= one(path, "SELECT sum(r.total) FROM receptions r JOIN stock_operations o "
                           "ON o.id = r.cancellation_id WHERE o.business_date >= ? AND o.business_date < ?",
                     START, END)  # fmt: skip
    purchases += livestock(path, "cost", "= 'achat_revente'")
    debit, credit = by_account(csv_rows, "6011")
    assert debit - credit == purchases > 0


def livestock(path: Path, column: str, kind: str) -> int:
    """Σ ``column`` of the livestock contracts concluded in the month, less those cancelled in it."""
    made = one(path, f"SELECT sum({column}) FROM livestock_contracts WHERE number IS NOT NULL AND contract_type {kind} "
                     "AND contract_date >= ? AND contract_date < ?", START, END)  # fmt: skip
    undone = one(path, f"SELECT sum(c.{column}) FROM livestock_cancellations x JOIN livestock_contracts c "
                       f"ON c.id = x.contract_id WHERE c.contract_type {kind} AND x.business_date >= ? "
                       "AND x.business_date < ?", START, END)  # fmt: skip
    return made - undone


def test_in_a_mandat_only_the_commission_is_revenue(demo, csv_rows) -> None:
    path = demo[0]
    commission = livestock(path, "commission", "!= 'achat_revente'")
    debit, credit = by_account(csv_rows, "7072")
    assert credit - debit == commission > 0
    gross = livestock(path, "buyer_total", "!= 'achat_revente'")
    net = livestock(path, "net_to_seller", "!= 'achat_revente'")
    buyers = [r for r in csv_rows if r[4] == "4732" and r[0] == "VT"]
    sellers = [r for r in csv_rows if r[4] == "4731" and r[0] == "VT"]
    assert sum(int(r[11]) - int(r[12]) for r in buyers) == gross > commission
    assert sum(int(r[12]) - int(r[11]) for r in sellers) == net
    paid_out = one(path, "SELECT sum(amount) FROM payments WHERE doc_type = 'BPV' AND business_date >= ? "
                         "AND business_date < ?", START, END)  # fmt: skip
    paid_out -= one(path, "SELECT sum(a.amount) FROM allocations a JOIN payments p ON p.id = a.payment_id "
                          "JOIN dues d ON d.id = a.due_id JOIN livestock_contracts c ON c.id = d.source_id "
                          "WHERE p.doc_type = 'BPV' AND d.source_type = 'livestock_seller' "
                          "AND c.contract_type = 'achat_revente' AND p.business_date >= ? AND p.business_date < ?",
                    START, END)  # fmt: skip  # an achat-revente seller is a supplier (4011)
    assert sum(int(r[11]) for r in csv_rows if r[4] == "4731" and r[8].startswith("BPV")) == paid_out > 0


def test_op_echeances_invoiced_are_the_schedule_dues_falling_due(demo, csv_rows) -> None:
    path = demo[0]
    # Booked on its due date unless cancelled on or before it; reversed on the day of a later cancellation.
    invoiced = one(path, "SELECT sum(amount) FROM dues WHERE source_type = 'op_schedule' AND due_date >= ? "
                         "AND due_date < ? AND (cancelled_at IS NULL OR date(cancelled_at) > due_date)",
                   START, END)  # fmt: skip
    reversed_ = one(path, "SELECT sum(amount) FROM dues WHERE source_type = 'op_schedule' AND date(cancelled_at) >= ? "
                          "AND date(cancelled_at) < ? AND date(cancelled_at) > due_date", START, END)  # fmt: skip
    rows = [r for r in csv_rows if r[0] == "VT" and r[8].startswith("COP")]
    assert sum(int(r[11]) - int(r[12]) for r in rows if r[4] == "4111") == invoiced - reversed_ > 0
    assert sum(int(r[12]) - int(r[11]) for r in rows if r[4] == "7061") == invoiced - reversed_


def test_every_piece_is_a_real_document_number(demo, csv_rows) -> None:
    path = demo[0]
    numbers: set[str] = set()
    for table, column in (
        ("payments", "number"), ("payment_cancellations", "number"), ("deliveries", "number"),
        ("receptions", "number"), ("stock_operations", "number"), ("inventories", "number"),
        ("cash_closings", "number"), ("stock_movements", "number"), ("livestock_contracts", "number"),
        ("livestock_cancellations", "number"), ("op_contracts", "number"),
    ):  # fmt: skip
        numbers |= {r[0] for r in sql(path, f"SELECT {column} FROM {table}")}
    numbers |= {r[0] for r in sql(path, "SELECT reference FROM dues WHERE source_type = 'manual'")}
    pieces = {r[8] for r in csv_rows}
    assert pieces <= numbers
    assert {p.split("-")[0] for p in pieces} >= {"REC", "DEC", "BPV", "BL", "BR", "MVT", "FAC", "CBV", "COP"}
    for r in csv_rows:
        assert r[10]  # every line has its French label
        assert r[9][:4] == "2026"


def test_workbook_and_entries_file_agree(workbook, csv_rows, month) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(workbook))
    assert wb.sheetnames[:4] == ["Mois", "Écritures", "Balance", "Journaux"]
    ws = wb["Écritures"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:L{len(csv_rows) + 1}"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    data, total = rows[:-1], rows[-1]
    assert len(data) == len(csv_rows)
    for x, r in zip(data, csv_rows, strict=True):
        assert (x[0], x[1], x[3], x[7], x[10], x[11]) == (r[0], r[2], r[4], r[8], int(r[11]), int(r[12]))
        assert isinstance(x[2], datetime)
        assert x[2].strftime("%Y%m%d") == r[3]
    assert total[0] == "Total"
    assert total[10] == total[11] == sum(int(r[11]) for r in csv_rows) == month.debit
    assert ws.cell(row=2, column=11).number_format == "#,##0"
    assert ws.cell(row=2, column=3).number_format == "DD/MM/YYYY"
    balance = {r[0]: (r[2], r[3]) for r in wb["Balance"].iter_rows(min_row=2, values_only=True) if r[0] != "Total"}
    from_csv: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in csv_rows:
        from_csv[r[4]][0] += int(r[11])
        from_csv[r[4]][1] += int(r[12])
    assert balance == {k: tuple(v) for k, v in from_csv.items()}
    journals = {r[0]: (r[3], r[4]) for r in wb["Journaux"].iter_rows(min_row=2, values_only=True) if r[0] != "Total"}
    assert journals == {j.code: (j.debit, j.credit) for j in month.journals}
    for sheet in wb.worksheets[1:]:
        last = next(iter(sheet.iter_rows(min_row=sheet.max_row, values_only=True)))
        if last[0] == "Total":  # every totals row equals its column sums
            body = list(sheet.iter_rows(min_row=2, max_row=sheet.max_row - 1, values_only=True))
            for i, value in enumerate(last[1:], start=1):
                if value is not None:
                    assert value == sum(r[i] or 0 for r in body), (sheet.title, i)


def test_workbook_cash_and_stock_agree_with_the_ledgers(demo, workbook, csv_rows) -> None:
    path = demo[0]
    wb = openpyxl.load_workbook(io.BytesIO(workbook))
    means = {r[0]: r for r in wb["Par moyen de paiement"].iter_rows(min_row=2, values_only=True)}
    closings = one(path, "SELECT sum(difference) FROM cash_closings WHERE day >= ? AND day < ?", START, END)
    debit, credit = by_account(csv_rows, "5711")
    assert means["Espèces"][4] == debit - credit - closings
    stock = list(wb["Stock fin de mois"].iter_rows(min_row=2, values_only=True))
    total = stock[-1]
    assert total[0] == "Total"
    assert total[7] == one(path, "SELECT sum(value) FROM stock_movements WHERE business_date < ?", END)
    assert total[10] == one(path, "SELECT sum(value) FROM stock_movements WHERE business_date >= ? "
                                  "AND business_date < ?", START, END)  # fmt: skip
    debts = list(wb["Créances (ancienneté)"].iter_rows(min_row=2, values_only=True))[-1]
    expected = one(
        path,
        "SELECT sum(rest) FROM (SELECT d.amount - coalesce((SELECT sum(a.amount) FROM allocations a "
        "JOIN payments p ON p.id = a.payment_id LEFT JOIN payment_cancellations c ON c.payment_id = p.id "
        "WHERE a.due_id = d.id AND p.business_date < ? AND (c.id IS NULL OR c.business_date >= ?)), 0) AS rest "
        "FROM dues d WHERE d.direction = 'receivable' AND d.issued_on < ? "
        "AND (d.cancelled_at IS NULL OR d.cancelled_at >= ?)) WHERE rest > 0",
        END, END, END, END,
    )  # fmt: skip
    assert debts[2] == sum(debts[3:7]) == expected > 0


def test_windows_1252_file_says_the_same(demo) -> None:
    with demo[1].reading(SYSTEM) as s:
        utf8 = accounting_export.export_entries(s, MONTH, "utf-8-sig")
        ansi = accounting_export.export_entries(s, MONTH, "cp1252")
    text = ansi.content.decode("cp1252")
    assert not text.startswith("\ufeff")
    expected = utf8.content.decode("utf-8-sig")
    for ch in ansi.replaced:
        expected = expected.replace(ch, "?")
    assert [r.split(";")[11:13] for r in text.split("\r\n")] == [r.split(";")[11:13] for r in expected.split("\r\n")]
    assert "é" in text
    assert ansi.digest == utf8.digest


def test_regenerated_identically(demo, month) -> None:
    with demo[1].reading(SYSTEM) as s:
        again = accounting.month_entries(s, Period.parse_month(MONTH))
    assert again == month


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice absent")
def test_libreoffice_reads_the_same_figures(workbook, csv_rows, tmp_path: Path) -> None:
    source = tmp_path / "mois.xlsx"
    source.write_bytes(workbook)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    # Sheet 3 (« Balance ») to CSV: « ; » separator, UTF-8 (76), quoted text, the values as stored (not formatted).
    subprocess.run(
        [office, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
         'csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false,false,3', "--outdir", str(tmp_path),
         str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    produced = sorted(tmp_path.glob("mois*.csv"))
    assert produced, "LibreOffice n'a rien produit"
    lines = [x.split(";") for x in produced[0].read_text(encoding="utf-8").splitlines()]
    rows = {x[0].strip('"'): x for x in lines[1:]}
    from_csv: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in csv_rows:
        from_csv[r[4]][0] += int(r[11])
        from_csv[r[4]][1] += int(r[12])
    for account, (debit, credit) in from_csv.items():
        assert (int(rows[account][2]), int(rows[account][3])) == (debit, credit)
    total = rows["Total"]
    assert int(total[2]) == int(total[3]) == sum(d for d, _c in from_csv.values())
