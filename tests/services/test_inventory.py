"""Physical inventory: snapshot at opening, movements blocked while counting, counts never silently wiped,
adjustments at validation (valued at the CUMP / current cost), frozen once validated, abandonment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text

from centre_app.domain.errors import DomainError, message
from centre_app.models.database import Database
from centre_app.services import integrity, inventory, stock, stock_operations, stock_reports
from centre_app.services.context import Actor, PermissionDenied
from centre_app.services.stock import ReceptionDraft
from centre_app.services.stock_operations import LossDraft
from tests.services.stock_helpers import DAY, NOON, Refs, ledger_sums, line, make_refs, tx


@pytest.fixture
def refs(db: Database, manager: Actor, clerk: Actor) -> Refs:
    r = make_refs(db, manager)
    with tx(db, clerk, NOON - timedelta(days=1)) as s:
        stock.record_reception(
            s, ReceptionDraft(r.centre, (line(r, "TOURTEAU", 20, price=7_500), line(r, "MAIS", 10, "SAC100", 16_000)),
                              supplier_id=r.supplier)
        )  # fmt: skip
    return r


def _open(db, actor, refs) -> inventory.InventorySheet:
    with tx(db, actor) as s:
        return inventory.open_inventory(s, refs.centre, note="Inventaire du trimestre")


def test_count_and_validate_posts_adjustments(db, clerk, refs) -> None:
    sheet = _open(db, clerk, refs)
    assert sheet.number == "INV-2026-0001" and sheet.status == "ouvert"
    lines = {x.product_code: x for x in sheet.lines}
    assert lines["TOURTEAU"].theoretical_described == "20\u00a0sacs de 50 kg (1\u202f000\u00a0kg)"
    assert lines["MIL"].theoretical == 0  # every active product is on the sheet
    with tx(db, clerk) as s:
        inventory.enter_count(s, sheet.id, refs.products["TOURTEAU"], 19, "SAC50")
        row = inventory.enter_count(s, sheet.id, refs.products["TOURTEAU"], "18,5", "SAC50")  # recounted
        assert (row.difference, row.entries) == (Decimal(-75), 2)
        inventory.enter_count(s, sheet.id, refs.products["MAIS"], 1_050, "kg")
        history = inventory.count_history(s, sheet.id, refs.products["TOURTEAU"])
        assert [h.quantity for h in history] == [Decimal(950), Decimal(925)]
        assert history[0].user_name == "Issa Caissier"
        with pytest.raises(DomainError) as err:
            inventory.validate_inventory(s, sheet.id)
        assert err.value.code == "inventory.uncounted"
        assert "Mil" in message(err.value)
        done = inventory.validate_inventory(s, sheet.id, skip_uncounted=True)
    assert done.status == "valide" and done.hash
    with db.reading(clerk) as s:
        lines = {x.product_code: x for x in stock_reports.stock_on_hand(s, DAY)}
        # tourteau: −75 kg at the CUMP of 150 F/kg = 11 250; maïs: +50 kg at 160 F/kg = 8 000
        assert (lines["TOURTEAU"].quantity, lines["TOURTEAU"].value) == (Decimal(925), 150_000 - 11_250)
        assert (lines["MAIS"].quantity, lines["MAIS"].value) == (Decimal(1050), 160_000 + 8_000)
        card = stock_reports.stock_card(s, refs.products["TOURTEAU"], refs.centre, DAY, DAY + timedelta(days=1))
        assert card.lines[0].label == "Inventaire INV-2026-0001 : ajustement d'inventaire"
        assert integrity.run_check(s) == []


def test_movements_wait_while_the_magasin_is_counted(db, clerk, refs) -> None:
    sheet = _open(db, clerk, refs)
    with pytest.raises(DomainError) as err, tx(db, clerk) as s:
        stock_operations.record_loss(s, LossDraft(refs.centre, (line(refs, "TOURTEAU", 1),), "rongeurs"))
    assert err.value.code == "stock.inventory_open"
    assert sheet.number in message(err.value)
    with tx(db, clerk) as s:  # the other magasins keep working
        stock.record_reception(s, ReceptionDraft(refs.bank, (line(refs, "MAIS", 1, "SAC100", 16_000),),
                                                 supplier_id=refs.supplier))  # fmt: skip
        with pytest.raises(DomainError) as err:
            inventory.open_inventory(s, refs.centre)
        assert err.value.code == "stock.inventory_open"


def test_validated_inventory_is_frozen_and_bars_earlier_dates(db, clerk, refs) -> None:
    sheet = _open(db, clerk, refs)
    with tx(db, clerk) as s:
        for x in sheet.lines:
            inventory.enter_count(s, sheet.id, x.product_id, x.theoretical, x.base_unit)
        inventory.validate_inventory(s, sheet.id)
        assert ledger_sums(s)[(refs.products["TOURTEAU"], refs.centre)] == (1_000_000, 150_000)  # no difference
        with pytest.raises(DomainError) as err:
            inventory.enter_count(s, sheet.id, refs.products["TOURTEAU"], 1, "SAC50")
        assert err.value.code == "inventory.not_open"
        with pytest.raises(DomainError) as err:
            stock_operations.record_loss(
                s,
                LossDraft(refs.centre, (line(refs, "TOURTEAU", 1),), "rongeurs", business_date=DAY - timedelta(days=1)),
            )
        assert err.value.code == "stock.before_inventory"
        stock_operations.record_loss(s, LossDraft(refs.centre, (line(refs, "TOURTEAU", 1),), "rongeurs"))
    for sql in ("UPDATE inventory_lines SET counted = 0", "UPDATE inventories SET note = 'x'",
                "DELETE FROM inventories", "UPDATE inventory_counts SET quantity = 0"):  # fmt: skip
        with pytest.raises(Exception, match="immutable"), db.engine.begin() as conn:
            conn.execute(text(sql))


def test_count_refusals(db, clerk, refs) -> None:
    sheet = _open(db, clerk, refs)
    with tx(db, clerk) as s:
        for qty, unit, code in ((-1, "SAC50", "quantity.negative"), (1, "SAC100", "quantity.unknown_unit"),
                                ("beaucoup", "SAC50", "quantity.invalid")):  # fmt: skip
            with pytest.raises(DomainError) as err:
                inventory.enter_count(s, sheet.id, refs.products["TOURTEAU"], qty, unit)
            assert err.value.code == code
        zero = inventory.enter_count(s, sheet.id, refs.products["TOURTEAU"], 0, "SAC50")  # nothing found is a count
        assert zero.counted == 0 and zero.difference == Decimal(-1000)


def test_abandon_needs_a_manager_and_a_reason(db, clerk, manager, refs) -> None:
    sheet = _open(db, clerk, refs)
    with tx(db, clerk, NOON) as s:
        inventory.enter_count(s, sheet.id, refs.products["TOURTEAU"], 5, "SAC50")
    with pytest.raises(PermissionDenied), tx(db, clerk) as s:
        inventory.abandon_inventory(s, sheet.id, "Coupure de courant")
    with pytest.raises(DomainError) as err, tx(db, manager) as s:
        inventory.abandon_inventory(s, sheet.id, " ")
    assert err.value.code == "inventory.reason_required"
    with tx(db, manager, datetime(2026, 3, 2, 16, tzinfo=UTC)) as s:
        done = inventory.abandon_inventory(s, sheet.id, "Coupure de courant, comptage à refaire")
        assert done.status == "abandonne" and done.counted_lines == 1  # the counts stay on record
        assert ledger_sums(s)[(refs.products["TOURTEAU"], refs.centre)] == (1_000_000, 150_000)
        again = inventory.open_inventory(s, refs.centre)
        assert again.number == "INV-2026-0002"
        assert [i.status for i in inventory.list_inventories(s)] == ["ouvert", "abandonne"]
        assert integrity.run_check(s) == []
