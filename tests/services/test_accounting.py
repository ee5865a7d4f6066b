"""Accounting core: entries of a small month made through the services, account mapping, FEC text rules."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from centre_app.domain.accounting import Leg, fec_amount, fec_text, make_entry, of_month, to_cp1252
from centre_app.domain.errors import DomainError, message
from centre_app.domain.periods import Period
from centre_app.models.database import Database
from centre_app.services import (
    accounting,
    accounting_export,
    accounting_map,
    deliveries,
    dues,
    orders,
    parties,
    payments,
    stock,
    stock_operations,
)
from centre_app.services.context import Actor, PermissionDenied
from centre_app.services.deliveries import DeliveryDraft, DeliveryLineInput
from centre_app.services.orders import OrderDraft
from centre_app.services.payments import PaymentDraft
from centre_app.services.stock import ReceptionDraft
from tests.services.stock_helpers import Refs, line, make_refs, tx

MARCH = Period.month(2026, 3)
APRIL_5 = datetime(2026, 4, 5, 9, 0, tzinfo=UTC)


def at(day: int, hour: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, 0, tzinfo=UTC)


@pytest.fixture
def refs(db: Database, manager: Actor) -> Refs:
    return make_refs(db, manager)


@pytest.fixture
def march(db: Database, clerk: Actor, manager: Actor, refs: Refs) -> dict[str, str]:
    """A small month: a purchase on credit, an order with an acompte by mobile money (fees borne by the centre),
    a delivery, the supplier paid in cash, an advance later cancelled, a loss, a manual invoice."""
    numbers: dict[str, str] = {}
    with tx(db, clerk, at(2)) as s:
        br = stock.record_reception(
            s, ReceptionDraft(refs.centre, (line(refs, "TOURTEAU", 20, price=7_500),), supplier_id=refs.supplier,
                              payable_due_date=date(2026, 4, 1)),
        )  # fmt: skip
        numbers["BR"] = br.number
        o = orders.confirm_order(
            s, orders.create_order(s, OrderDraft(refs.customer, refs.lists["NORMAL"], (line(refs, "TOURTEAU", 10),))).id
        )
        numbers["CMD"] = o.number
        numbers["acompte"] = payments.record_payment(
            s, PaymentDraft("REC", 40_000, "mobile_money", "Acompte", party_id=refs.customer, operator="Orange Money",
                            transaction_id="OM260302.1", fees=500, fees_borne_by="centre",
                            allocations=((o.due_id or 0, 40_000),)),
        ).number  # fmt: skip
    with tx(db, clerk, at(3)) as s:
        bl = deliveries.record_delivery(s, DeliveryDraft(o.id, (DeliveryLineInput(o.lines[0].id, 10),)))
        numbers["BL"] = bl.number
        payable = dues.list_dues(s, refs.supplier, "payable")[0]
        numbers["DEC"] = payments.record_payment(
            s, PaymentDraft("DEC", 150_000, "especes", "Règlement BR", party_id=refs.supplier,
                            allocations=((payable.id, 150_000),)),
        ).number  # fmt: skip
        numbers["avance"] = payments.record_payment(
            s, PaymentDraft("REC", 60_000, "especes", "Avance", party_id=refs.customer)
        ).number
        numbers["perte"] = stock_operations.record_loss(
            s, stock_operations.LossDraft(refs.centre, (line(refs, "TOURTEAU", 50, "kg"),), "charancons")
        ).number
        dues.open_due(
            s, party_id=refs.op, direction="receivable", source_type="manual", reference="FAC-2026-0007",
            label="Appui-conseil", amount=75_000, issued_on=date(2026, 3, 3),
        )  # fmt: skip
    with tx(db, manager, at(4)) as s:
        rec = payments.get_payment(s, number=numbers["avance"])
        numbers["ANR"] = payments.cancel_payment(s, rec.id, "Erreur de client")
    return numbers


def _lines(db: Database, actor: Actor) -> accounting.MonthEntries:
    with db.reading(actor) as s:
        s.info["now"] = APRIL_5
        return accounting.month_entries(s, MARCH)


def _piece(m: accounting.MonthEntries, ref: str, journal: str | None = None) -> list[tuple[str, int, int, str]]:
    return sorted(
        (x.account, x.debit, x.credit, x.aux_code)
        for x in m.lines
        if x.piece_ref == ref and (journal is None or x.journal_code == journal)
    )


def test_every_document_of_the_month_is_booked_as_the_chart_says(db, accountant, march, refs) -> None:
    m = _lines(db, accountant)
    with db.reading(accountant) as s:
        customer = parties.get_party(s, refs.customer).code
        supplier = parties.get_party(s, refs.supplier).code
        op = parties.get_party(s, refs.op).code
    assert _piece(m, march["BR"], "AC") == [("4011", 0, 150_000, supplier), ("6011", 150_000, 0, "")]
    assert _piece(m, march["BR"], "OD") == [("3112", 150_000, 0, ""), ("6031", 0, 150_000, "")]
    assert _piece(m, march["acompte"]) == [
        ("4111", 0, 40_000, customer), ("5521", 39_500, 0, ""), ("6317", 500, 0, "")
    ]  # fmt: skip  # the operator keeps its fee: 39 500 F reach the account
    assert _piece(m, march["BL"], "VT") == [("4111", 100_000, 0, customer), ("7011", 0, 100_000, "")]
    assert _piece(m, march["BL"], "OD") == [("3112", 0, 75_000, ""), ("6031", 75_000, 0, "")]  # at the CUMP
    assert _piece(m, march["DEC"]) == [("4011", 150_000, 0, supplier), ("5711", 0, 150_000, "")]
    assert _piece(m, march["avance"]) == [("4191", 0, 60_000, customer), ("5711", 60_000, 0, "")]
    assert _piece(m, march["ANR"]) == [("4191", 60_000, 0, customer), ("5711", 0, 60_000, "")]
    assert _piece(m, march["perte"]) == [("3112", 0, 7_500, ""), ("6031", 7_500, 0, "")]
    assert _piece(m, "FAC-2026-0007") == [("4111", 75_000, 0, op), ("7061", 0, 75_000, "")]
    journals = {j.code: j for j in m.journals}
    assert set(journals) == {"VT", "AC", "CA", "MM", "OD"}
    for j in journals.values():
        assert j.debit == j.credit
    for e in m.entries:
        assert e.debit == e.credit > 0
    # The stock variation entries are dated on the last day of the month, their pieces keep their own date.
    stock_lines = [x for x in m.lines if x.account == "3112"]
    assert {x.entry_date for x in stock_lines} == {date(2026, 3, 31)}
    assert {x.piece_date for x in stock_lines} == {date(2026, 3, 2), date(2026, 3, 3)}
    # The ANR is the cancellation of the advance, dated on the day it was made.
    anr = [x for x in m.lines if x.piece_ref == march["ANR"]]
    assert {x.entry_date for x in anr} == {date(2026, 3, 4)}
    assert "Annulation de " + march["avance"] in anr[0].label


def test_entries_regenerate_identically_and_the_digest_ignores_the_mapping(db, accountant, march) -> None:
    first, second = _lines(db, accountant), _lines(db, accountant)
    assert first == second
    with db.transaction(accountant) as s:
        accounting_map.set_account(s, "clients", "41110", "Clients ordinaires")
    third = _lines(db, accountant)
    assert third.digest == first.digest
    assert {x.account for x in third.lines if x.account_label == "Clients ordinaires"} == {"41110"}


def test_fec_file_layout(db, accountant, march) -> None:
    with db.transaction(accountant) as s:
        s.info["now"] = APRIL_5
        result = accounting_export.export_entries(s, "2026-03")
    text = result.content.decode("utf-8-sig")
    assert result.content.startswith(b"\xef\xbb\xbf")
    rows = [r.split(";") for r in text.split("\r\n") if r]
    assert rows[0][:4] == ["JournalCode", "JournalLib", "EcritureNum", "EcritureDate"]
    assert all(len(r) == 18 for r in rows)
    body = rows[1:]
    assert sum(int(r[11]) for r in body) == sum(int(r[12]) for r in body) == result.debit == result.credit
    assert {r[3] for r in body} <= {f"202603{d:02d}" for d in range(1, 32)}
    pieces = {r[8] for r in body}
    assert pieces >= set(march.values()) - {march["CMD"]}
    assert march["CMD"] not in pieces  # an order books nothing: its deliveries are the sales
    assert result.lines == len(body)


def test_mapping_is_edited_by_whoever_exports_with_french_refusals(db, clerk, accountant) -> None:
    with db.transaction(accountant) as s:
        rows = {r.key: r for r in accounting_map.list_accounts(s)}
        assert (rows["caisse_especes"].number, rows["clients"].number, rows["commission_betail"].number) == (
            "5711", "4111", "7072",
        )  # fmt: skip
        assert (rows["mandat_vendeur"].number, rows["mandat_acheteur"].number) == ("4731", "4732")
        assert rows["journal.MM"].number == "MM"
        changed = accounting_map.set_account(s, "vente_aliment", "7012", "Ventes d'aliments")
        assert changed.number == "7012"
        assert not changed.is_default
        # One number, one label: booking another key on 7012 relabels both.
        accounting_map.set_account(s, "vente_intrant", "7012", "Ventes d'aliments et intrants")
        again = {r.key: r for r in accounting_map.list_accounts(s)}
        assert again["vente_aliment"].label == "Ventes d'aliments et intrants"
        with pytest.raises(DomainError) as bad:
            accounting_map.set_account(s, "clients", "CL-411", "Clients")
        assert "Numéro de compte invalide" in message(bad.value)
        with pytest.raises(DomainError) as bad_journal:
            accounting_map.set_account(s, "journal.VT", "ventes!", "Ventes")
        assert "Code journal invalide" in message(bad_journal.value)
        assert accounting_map.reset_defaults(s) == 2
    with db.transaction(clerk) as s, pytest.raises(PermissionDenied):
        accounting_map.set_account(s, "clients", "411", "Clients")


def test_moroccan_profile_is_selectable(db, accountant, march) -> None:
    with db.transaction(accountant) as s:
        assert accounting_map.active_chart(s) == "SYSCOHADA"
        accounting_map.set_chart(s, "CGNC")
        with pytest.raises(DomainError) as bad:
            accounting_map.set_chart(s, "PCG")
        assert "Plan comptable inconnu" in message(bad.value)
    m = _lines(db, accountant)
    assert m.chart == "CGNC"
    assert {"3421", "5161", "7111", "6111", "6114"} <= {x.account for x in m.lines}


def test_unbalanced_entry_is_refused_in_french() -> None:
    with pytest.raises(DomainError) as err:
        make_entry(
            "CA",
            date(2026, 3, 2),
            "REC-2026-000001",
            date(2026, 3, 2),
            "x",
            [Leg("clients", 10), Leg("caisse_especes", -9)],
        )
    assert "Écriture déséquilibrée pour la pièce REC-2026-000001" in message(err.value)
    assert make_entry("CA", date(2026, 3, 2), "R", date(2026, 3, 2), "x", [Leg("clients", 0)]) is None


def test_text_amount_and_encoding_rules() -> None:
    assert fec_amount(1_250_500, 0) == "1250500"
    assert fec_amount(123_450, 2) == "1234,50"
    assert fec_amount(-5, 2) == "-0,05"
    assert fec_text("Reçu ; de\tDICKO\nAïssata") == "Reçu , de DICKO Aïssata"
    data, replaced = to_cp1252("DIALLO Ŋaari\u202f— 1\u202f250 F, ɓe")
    assert data.decode("cp1252") == "DIALLO Ngaari — 1 250 F, be"
    assert replaced == ("Ŋ", "ɓ", "\u202f")
    assert of_month("octobre 2026") == "d'octobre 2026"
    assert of_month("mars 2026") == "de mars 2026"
