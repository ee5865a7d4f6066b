"""Stock ledger: receptions, CUMP to the franc, transfers, losses, returns, cancellations, refusals,
repayment in kind, stock at a date, fiche de stock, triggers and tamper detection."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from sqlalchemy import text

from centre_app.domain.errors import DomainError, message
from centre_app.models.database import Database
from centre_app.services import deliveries, dues, integrity, numbering, orders, stock, stock_operations, stock_reports
from centre_app.services import settings as settings_service
from centre_app.services.context import Actor, PermissionDenied
from centre_app.services.deliveries import DeliveryDraft, DeliveryLineInput
from centre_app.services.orders import OrderDraft
from centre_app.services.stock import ReceptionDraft
from centre_app.services.stock_operations import LossDraft, ReturnDraft, TransferDraft
from centre_app.services.stock_supplies import RepayInKindDraft, repay_in_kind
from tests.services.stock_helpers import DAY, NOON, Refs, cache_sums, ledger_sums, line, make_refs, movement_count, tx


@pytest.fixture
def refs(db: Database, manager: Actor) -> Refs:
    return make_refs(db, manager)


def _receive(db: Database, actor: Actor, refs: Refs, sacks: int | str, price: int, code: str = "TOURTEAU",
             warehouse: int | None = None, unit: str = "SAC50", at: datetime = NOON) -> stock.ReceptionDoc:  # fmt: skip
    with tx(db, actor, at) as s:
        return stock.record_reception(
            s,
            ReceptionDraft(
                warehouse or refs.centre, (line(refs, code, sacks, unit, price),), supplier_id=refs.supplier
            ),
        )


def _order(db: Database, actor: Actor, refs: Refs, sacks: int, code: str = "TOURTEAU", unit: str = "SAC50") -> int:
    with tx(db, actor) as s:
        o = orders.create_order(s, OrderDraft(refs.customer, refs.lists["NORMAL"], (line(refs, code, sacks, unit),)))
        return orders.confirm_order(s, o.id).id


def _deliver(
    db: Database, actor: Actor, order_id: int, sacks: int | str, unit: str = "SAC50"
) -> deliveries.DeliveryDoc:
    with tx(db, actor) as s:
        line_id = orders.get_order(s, order_id).lines[0].id
        return deliveries.record_delivery(s, DeliveryDraft(order_id, (DeliveryLineInput(line_id, sacks, unit),)))


def test_cump_three_receptions_two_deliveries_to_the_franc(db, clerk, refs) -> None:
    # Tourteau de coton, sac de 50 kg. Quantities in kg, values in F CFA.
    # R1  10 sacs × 7 500 = 75 000        stock   500 kg    75 000
    # R2  20 sacs × 9 000 = 180 000       stock 1 500 kg   255 000   CUMP 170 F/kg (8 500 le sac)
    # D1   7 sacs = 350 kg: 255 000 × 350 / 1 500 = 59 500 exactly
    #                                      stock 1 150 kg   195 500
    # R3  15 sacs × 12 500 = 187 500       stock 1 900 kg   383 000   CUMP 201,578… F/kg
    # D2  13 sacs = 650 kg: 383 000 × 650 / 1 900 = 131 026,31… → 131 026 (rounded once)
    #                                      stock 1 250 kg   251 974   (25 sacs, 10 078,96 → 10 079 F le sac)
    # D3  the last 25 sacs take the whole 251 974: the stock ends at 0 kg worth 0 F.
    _receive(db, clerk, refs, 10, 7_500)
    _receive(db, clerk, refs, 20, 9_000)
    order = _order(db, clerk, refs, 45)
    assert _deliver(db, clerk, order, 7).lines[0].value == 59_500
    _receive(db, clerk, refs, 15, 12_500)
    assert _deliver(db, clerk, order, 13).lines[0].value == 131_026
    with db.reading(clerk) as s:
        [tourteau] = [x for x in stock_reports.stock_on_hand(s, DAY) if x.product_code == "TOURTEAU"]
        assert (tourteau.quantity, tourteau.value) == (Decimal(1250), 251_974)
        assert tourteau.cump == Fraction(251_974, 1_250)
        assert tourteau.cump_per_unit == 10_079
        assert tourteau.described == "25\u00a0sacs de 50 kg (1\u202f250\u00a0kg)"
    assert _deliver(db, clerk, order, 25).lines[0].value == 251_974
    with db.reading(clerk) as s:
        assert stock_reports.stock_value(s, DAY) == 0
        assert ledger_sums(s)[(refs.products["TOURTEAU"], refs.centre)] == (0, 0)
        assert integrity.run_check(s) == []


def test_reception_numbers_chains_and_describes(db, clerk, refs) -> None:
    first = _receive(db, clerk, refs, 100, 7_500)
    second = _receive(db, clerk, refs, "12,5", 20_000, code="MAIS", unit="SAC100")
    assert (first.number, second.number) == ("BR-2026-00001", "BR-2026-00002")
    assert first.total == 750_000
    assert first.lines[0].described == "100\u00a0sacs de 50 kg (5\u202f000\u00a0kg)"
    assert second.total == 250_000  # 12,5 sacs × 20 000
    assert second.lines[0].quantity == Decimal(1250)
    with db.reading(clerk) as s:
        assert [r.number for r in stock.list_receptions(s)] == ["BR-2026-00002", "BR-2026-00001"]
        assert stock.get_reception(s, number="br-2026-00001").supplier_name == "Huilerie SN-CITEC"
        assert ledger_sums(s) == cache_sums(s)


@pytest.mark.parametrize(
    ("quantity", "unit", "code"),
    [
        (-5, "SAC50", "quantity.negative"),
        (0, "SAC50", "stock.quantity_not_positive"),
        (5, "SAC100", "quantity.unknown_unit"),  # tourteau comes in sacs of 50 kg, not 100
        ("5,0001", "SAC50", "quantity.too_precise"),
        ("cinq", "SAC50", "quantity.invalid"),
    ],
)
def test_reception_refusals_save_nothing(db, clerk, refs, quantity, unit, code) -> None:
    with pytest.raises(DomainError) as err, tx(db, clerk) as s:
        stock.record_reception(s, ReceptionDraft(refs.centre, (line(refs, "TOURTEAU", quantity, unit, 7_500),),
                                                 supplier_id=refs.supplier))  # fmt: skip
    assert err.value.code == code
    if code == "quantity.unknown_unit":
        assert "Tourteau de coton" in message(err.value)
    with db.reading(clerk) as s:
        assert movement_count(s) == 0
        assert numbering.last_number(s, "BR", 2026) == 0


def test_reception_other_refusals(db, clerk, refs) -> None:
    cases = [
        (ReceptionDraft(refs.centre, ()), "stock.no_lines"),
        (ReceptionDraft(refs.centre, (line(refs, "TOURTEAU", 5, price=0),), supplier_id=refs.supplier),
         "stock.price_required"),
        (ReceptionDraft(refs.centre, (line(refs, "TOURTEAU", 5, price=100),)), "stock.supplier_required"),
        (ReceptionDraft(refs.centre, (line(refs, "TOURTEAU", 5, price=100),), supplier_id=refs.supplier,
                        business_date=DAY + timedelta(days=1)), "stock.future_date"),
        (ReceptionDraft(refs.centre, (line(refs, "TOURTEAU", 5, price=100),), supplier_name="Un commerçant",
                        payable_due_date=DAY), "stock.supplier_party_required"),
    ]  # fmt: skip
    for draft, code in cases:
        with pytest.raises(DomainError) as err, tx(db, clerk) as s:
            stock.record_reception(s, draft)
        assert err.value.code == code, code
    with tx(db, clerk) as s:  # a gift may have no price: it enters at zero value
        gift = stock.record_reception(
            s, ReceptionDraft(refs.centre, (line(refs, "MAIS", 10, "SAC100"),), origin="don", supplier_name="PAM")
        )
        assert gift.total == 0


def test_over_delivery_and_more_than_on_hand_are_refused_in_french(db, clerk, refs) -> None:
    _receive(db, clerk, refs, 10, 7_500)
    order = _order(db, clerk, refs, 12)
    with pytest.raises(DomainError) as err:
        _deliver(db, clerk, order, 13)
    assert err.value.code == "delivery.more_than_ordered"
    assert message(err.value) == (
        "Livraison refusée : pour « Tourteau de coton », il reste à livrer 12\u00a0sacs de 50 kg (600\u00a0kg) sur la "
        "commande CMD-2026-00001 ; vous demandez 13\u00a0sacs de 50 kg (650\u00a0kg)."
    )
    with pytest.raises(DomainError) as err:
        _deliver(db, clerk, order, 11)
    assert err.value.code == "stock.insufficient"
    assert message(err.value) == (
        "Stock insuffisant de « Tourteau de coton » au magasin « Magasin du centre » : disponible "
        "10\u00a0sacs de 50 kg (500\u00a0kg), demandé 11\u00a0sacs de 50 kg (550\u00a0kg)."
    )
    for qty, unit, code in ((-1, "SAC50", "quantity.negative"), (2, "SAC100", "quantity.unknown_unit")):
        with pytest.raises(DomainError) as err:
            _deliver(db, clerk, order, qty, unit)
        assert err.value.code == code
    with db.reading(clerk) as s:
        assert numbering.last_number(s, "BL", 2026) == 0
        assert movement_count(s) == 1
        assert orders.get_order(s, order).state == "confirmee"


def test_an_exit_cannot_make_a_later_day_negative(db, clerk, refs) -> None:
    _receive(db, clerk, refs, 10, 7_500, at=NOON - timedelta(days=5))
    order = _order(db, clerk, refs, 10)
    _deliver(db, clerk, order, 8)  # today: 2 sacs left
    with pytest.raises(DomainError) as err, tx(db, clerk) as s:  # dated before the delivery: 10 sacs that day…
        stock_operations.record_loss(
            s, LossDraft(refs.centre, (line(refs, "TOURTEAU", 3),), "charancons", business_date=DAY - timedelta(days=2))
        )
    assert err.value.code == "stock.insufficient"  # …but the delivery of today would then be short
    assert "2\u00a0sacs de 50 kg" in message(err.value)


def test_transfer_moves_quantity_and_value_and_keeps_the_total(db, clerk, refs) -> None:
    _receive(db, clerk, refs, 10, 7_500)
    _receive(db, clerk, refs, 10, 8_000)
    with tx(db, clerk) as s:
        doc = stock_operations.record_transfer(s, TransferDraft(refs.centre, refs.bank, (line(refs, "TOURTEAU", 4),)))
    assert doc.number == "MVT-2026-000001"
    assert [(x.warehouse_name, x.quantity, x.value) for x in doc.lines] == [
        ("Magasin du centre", Decimal(-200), 31_000),  # 155 000 × 200 / 1 000
        ("Banque de céréales d'Aribinda", Decimal(200), 31_000),
    ]
    with db.reading(clerk) as s:
        lines = {x.warehouse_code: x for x in stock_reports.stock_on_hand(s, DAY)}
        assert (lines["CENTRE"].quantity, lines["ARB"].quantity) == (Decimal(800), Decimal(200))
        assert lines["CENTRE"].value + lines["ARB"].value == 155_000
        assert stock_reports.stock_value(s, DAY) == 155_000
    for draft, code in (
        (TransferDraft(refs.centre, refs.centre, (line(refs, "TOURTEAU", 1),)), "stock.same_warehouse"),
        (TransferDraft(refs.bank, refs.centre, (line(refs, "TOURTEAU", 5),)), "stock.insufficient"),
        (TransferDraft(refs.centre, refs.bank, ()), "stock.no_lines"),
    ):
        with pytest.raises(DomainError) as err, tx(db, clerk) as s:
            stock_operations.record_transfer(s, draft)
        assert err.value.code == code


def test_valuation_per_warehouse_when_configured(db, clerk, admin, refs) -> None:
    with tx(db, admin) as s:
        settings_service.update_settings(s, {"stock.valuation_per_warehouse": True})
    _receive(db, clerk, refs, 10, 7_500)
    _receive(db, clerk, refs, 10, 9_500, warehouse=refs.bank)
    with tx(db, clerk) as s:  # the centre's average (7 500 le sac), not the average of both magasins
        doc = stock_operations.record_loss(s, LossDraft(refs.centre, (line(refs, "TOURTEAU", 2),), "humidite"))
    assert doc.total_value == 15_000
    with db.reading(clerk) as s:
        lines = {x.warehouse_code: x for x in stock_reports.stock_on_hand(s, DAY)}
        assert (lines["CENTRE"].value, lines["ARB"].value) == (60_000, 95_000)
        assert lines["ARB"].cump_per_unit == 9_500


def test_losses_need_a_known_reason_and_returns_a_reason(db, clerk, refs) -> None:
    _receive(db, clerk, refs, 10, 7_500)
    for draft, code in (
        (LossDraft(refs.centre, (line(refs, "TOURTEAU", 1),), "sorcellerie"), "stock.bad_loss_reason"),
        (LossDraft(refs.centre, (line(refs, "TOURTEAU", 1),), "autre"), "stock.reason_required"),
    ):
        with pytest.raises(DomainError) as err, tx(db, clerk) as s:
            stock_operations.record_loss(s, draft)
        assert err.value.code == code
    with tx(db, clerk) as s:
        loss = stock_operations.record_loss(
            s, LossDraft(refs.centre, (line(refs, "TOURTEAU", 25, "kg"),), "ecart_pesee", detail="pesée de contrôle")
        )
        assert loss.reason == "Écart de pesée : pesée de contrôle"
        assert loss.total_value == 3_750
        with pytest.raises(DomainError) as err:
            stock_operations.record_return(s, ReturnDraft(refs.centre, (line(refs, "TOURTEAU", 1),), "client", " "))
        assert err.value.code == "stock.reason_required"
        back = stock_operations.record_return(
            s, ReturnDraft(refs.centre, (line(refs, "TOURTEAU", 1),), "client", "Sac en trop", party_id=refs.customer)
        )
        assert back.total_value == 7_500  # enters at the current average cost
        out = stock_operations.record_return(
            s, ReturnDraft(refs.centre, (line(refs, "TOURTEAU", 2),), "fournisseur", "Sacs moisis")
        )
        assert out.kind == "retour_fournisseur" and out.lines[0].quantity == Decimal(-100)
        assert integrity.run_check(s) == []


def test_cancelling_needs_a_manager_and_a_reason_and_posts_inverse_movements(db, clerk, manager, refs) -> None:
    rec = _receive(db, clerk, refs, 10, 7_500)
    with pytest.raises(PermissionDenied), tx(db, clerk) as s:
        stock_operations.cancel_reception(s, rec.id, "Erreur de saisie")
    with pytest.raises(DomainError) as err, tx(db, manager) as s:
        stock_operations.cancel_reception(s, rec.id, "  ")
    assert err.value.code == "stock.reason_required"
    with tx(db, manager) as s:
        counter = stock_operations.cancel_reception(s, rec.id, "Erreur de saisie : mauvais fournisseur")
    assert counter.kind == "annulation" and counter.cancels_number == rec.number
    with db.reading(clerk) as s:
        doc = stock.get_reception(s, rec.id)
        assert (doc.status, doc.cancellation_number) == ("annule", counter.number)
        assert ledger_sums(s)[(refs.products["TOURTEAU"], refs.centre)] == (0, 0)
        assert movement_count(s) == 2  # the reception stays; its inverse follows it
    with pytest.raises(DomainError) as err, tx(db, manager) as s:
        stock_operations.cancel_reception(s, rec.id, "encore")
    assert err.value.code == "stock.already_cancelled"
    with pytest.raises(DomainError) as err, tx(db, manager) as s:
        stock_operations.cancel_operation(s, counter.id, "annuler l'annulation")
    assert err.value.code == "stock.cannot_cancel_cancellation"


def test_cancelling_a_consumed_reception_is_refused(db, clerk, manager, refs) -> None:
    rec = _receive(db, clerk, refs, 10, 7_500)
    _deliver(db, clerk, _order(db, clerk, refs, 4), 4)
    with pytest.raises(DomainError) as err, tx(db, manager) as s:
        stock_operations.cancel_reception(s, rec.id, "Erreur")
    assert err.value.code == "stock.cancel_insufficient"
    assert "Impossible d'annuler BR-2026-00001" in message(err.value)


def test_cancelling_a_transfer_and_a_loss(db, clerk, manager, refs) -> None:
    _receive(db, clerk, refs, 10, 7_500)
    with tx(db, clerk) as s:
        t = stock_operations.record_transfer(s, TransferDraft(refs.centre, refs.bank, (line(refs, "TOURTEAU", 4),)))
        loss = stock_operations.record_loss(s, LossDraft(refs.centre, (line(refs, "TOURTEAU", 1),), "rongeurs"))
    with tx(db, manager) as s:
        stock_operations.cancel_operation(s, t.id, "Le camion n'est pas parti")
        stock_operations.cancel_operation(s, loss.id, "Sac retrouvé")
        assert [o.status for o in stock_operations.list_operations(s)][2:] == ["annule", "annule"]
        assert ledger_sums(s) == {(refs.products["TOURTEAU"], refs.centre): (10_000_000 // 20, 75_000),
                                  (refs.products["TOURTEAU"], refs.bank): (0, 0)}  # fmt: skip
        assert integrity.run_check(s) == []


def test_reception_on_credit_opens_a_payable_cancelled_with_it(db, clerk, manager, refs) -> None:
    with tx(db, clerk) as s:
        rec = stock.record_reception(
            s, ReceptionDraft(refs.centre, (line(refs, "TOURTEAU", 20, price=7_500),), supplier_id=refs.supplier,
                              payable_due_date=date(2026, 4, 30), supplier_reference="BL 4512")
        )  # fmt: skip
        [due] = dues.list_dues(s, refs.supplier, direction="payable")
        assert (due.reference, due.amount, rec.due_reference) == (rec.number, 150_000, rec.number)
    with tx(db, manager) as s:
        stock_operations.cancel_reception(s, rec.id, "Livraison refusée à la porte")
        assert dues.list_dues(s, refs.supplier, direction="payable") == []


def test_repay_in_kind_is_a_receipt_and_a_reception_at_the_agreed_price(db, clerk, refs) -> None:
    with tx(db, clerk) as s:
        due = dues.open_due(
            s, party_id=refs.customer, direction="receivable", source_type="manual", reference="FAC-1",
            label="Avance d'intrants", amount=100_000, issued_on=DAY,
        )  # fmt: skip
        result = repay_in_kind(
            s, RepayInKindDraft(refs.customer, refs.products["MAIS"], 4, "SAC100", 17_000, warehouse_id=refs.centre)
        )
    assert result.amount == 68_000
    assert result.payment.means == "nature"
    assert result.reception is not None and result.reception.origin == "nature"
    assert result.reception.total == 68_000 and result.reception.payment_number == result.payment.number
    with db.reading(clerk) as s:
        assert dues.list_dues(s, refs.customer)[0].remaining == 32_000
        assert dues.list_dues(s, refs.customer)[0].id == due
        [mais] = [x for x in stock_reports.stock_on_hand(s, DAY) if x.product_code == "MAIS"]
        assert (mais.quantity, mais.value) == (Decimal(400), 68_000)
        assert integrity.run_check(s) == []
    with pytest.raises(DomainError) as err, tx(db, clerk) as s:
        repay_in_kind(s, RepayInKindDraft(refs.customer, refs.products["MAIS"], 1, "SAC100", 0))
    assert err.value.code == "stock.price_required"


def test_stock_at_a_past_date_and_the_monthly_totals(db, clerk, refs) -> None:
    jan = datetime(2026, 1, 15, 9, tzinfo=UTC)
    feb = datetime(2026, 2, 10, 9, tzinfo=UTC)
    _receive(db, clerk, refs, 10, 7_500, at=jan)
    _receive(db, clerk, refs, 10, 8_500, at=feb)
    with tx(db, clerk) as s:  # typed today, dated the 12 February
        stock_operations.record_loss(
            s, LossDraft(refs.centre, (line(refs, "TOURTEAU", 2),), "charancons", business_date=date(2026, 2, 12))
        )
    with db.reading(clerk) as s:
        assert stock_reports.stock_value(s, date(2026, 1, 31)) == 75_000
        assert stock_reports.stock_value(s, date(2026, 2, 11)) == 160_000
        assert stock_reports.stock_value(s, date(2026, 2, 12)) == 160_000 - 16_000
        assert stock_reports.stock_on_hand(s, date(2025, 12, 31)) == []
        assert ledger_sums(s) == cache_sums(s)
        by_product = {x.product_code: x for x in stock_reports.stock_by_product(s, DAY)}
        assert by_product["TOURTEAU"].quantity == Decimal(900)
        assert by_product["MIL"].quantity == 0  # every active product is listed
        assert by_product["TOURTEAU"].below_threshold  # 900 kg under the threshold of 2 500 kg
        assert "TOURTEAU" in {x.product_code for x in stock_reports.stock_alerts(s, DAY)}


def test_stock_card_reads_like_the_paper_card(db, clerk, refs) -> None:
    _receive(db, clerk, refs, 10, 7_500, at=datetime(2026, 2, 2, 9, tzinfo=UTC))
    _receive(db, clerk, refs, 6, 8_000)
    _deliver(db, clerk, _order(db, clerk, refs, 5), 5)
    with db.reading(clerk) as s:
        card = stock_reports.stock_card(s, refs.products["TOURTEAU"], refs.centre, date(2026, 3, 1), date(2026, 4, 1))
    assert card.opening_described == "10\u00a0sacs de 50 kg (500\u00a0kg)"
    assert [(x.number, x.entry_described, x.exit_described, x.balance_described) for x in card.lines] == [
        ("BR-2026-00002", "6\u00a0sacs de 50 kg (300\u00a0kg)", "", "16\u00a0sacs de 50 kg (800\u00a0kg)"),
        ("BL-2026-00001", "", "5\u00a0sacs de 50 kg (250\u00a0kg)", "11\u00a0sacs de 50 kg (550\u00a0kg)"),
    ]
    assert card.lines[1].label == "Livraison BL-2026-00001 — DICKO Aïssata (CMD-2026-00001)"
    assert (card.total_in, card.total_out, card.closing) == (Decimal(300), Decimal(250), Decimal(550))


@pytest.mark.sqlite_only(reason="edits the database file behind the application with sqlite3")
def test_the_ledger_is_append_only_and_tampering_is_named(db, db_path: Path, clerk, refs) -> None:
    rec = _receive(db, clerk, refs, 10, 7_500)
    with pytest.raises(Exception, match="immutable"), db.engine.begin() as conn:
        conn.execute(text("UPDATE stock_movements SET quantity = 1"))
    with pytest.raises(Exception, match="immutable"), db.engine.begin() as conn:
        conn.execute(text("DELETE FROM reception_lines"))
    with pytest.raises(Exception, match="immutable"), db.engine.begin() as conn:
        conn.execute(text("UPDATE receptions SET total = 1"))
    db.dispose()
    con = sqlite3.connect(db_path)
    con.execute("DROP TRIGGER trg_stock_movements_no_update")
    con.execute("UPDATE stock_movements SET value = 1")
    con.commit()
    con.close()
    with db.reading(clerk) as s:
        found = [d.message for d in integrity.run_check(s)]
    assert any(f"le mouvement de stock n° 1 ({rec.number}) a été modifié après validation" in m for m in found)
    assert any("Cumuls du stock" in m for m in found)
