"""Stock printouts through the services: what the database holds reaches the paper (order, delivery in two parts,
reception, fiche de stock, état valorisé, inventory), cancellations print ANNULÉ, unknown ids are refused in French."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from centre_app.domain.errors import DomainError, message
from centre_app.models.database import Database
from centre_app.services import deliveries, inventory, orders, stock, stock_operations
from centre_app.services import stock_printouts as sp
from centre_app.services.context import Actor
from centre_app.services.deliveries import DeliveryDraft, DeliveryLineInput
from centre_app.services.orders import OrderDraft
from centre_app.services.stock import ReceptionDraft
from tests.services.stock_helpers import DAY, Refs, line, make_refs, tx


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pages).replace("\u202f", " ").replace("\u00a0", " "))


@pytest.fixture
def refs(db: Database, manager: Actor, clerk: Actor) -> Refs:
    r = make_refs(db, manager)
    with tx(db, clerk) as s:
        stock.record_reception(
            s, ReceptionDraft(r.centre, (line(r, "TOURTEAU", 40, price=7_500), line(r, "MAIS", 10, "SAC100", 15_000)),
                              supplier_id=r.supplier, supplier_reference="F-118")
        )  # fmt: skip
    return r


def _order(db: Database, clerk: Actor, refs: Refs) -> orders.OrderDoc:
    with tx(db, clerk) as s:
        lines = (line(refs, "TOURTEAU", 12), line(refs, "MAIS", 3, "SAC100"))
        draft = orders.create_order(
            s, OrderDraft(refs.customer, refs.lists["NORMAL"], lines, deposit=50_000,
                          delivery_date=DAY + timedelta(days=7), delivery_place="Mentao")
        )  # fmt: skip
        return orders.confirm_order(s, draft.id)


def test_order_and_two_deliveries_on_paper(db, clerk, manager, refs) -> None:
    order = _order(db, clerk, refs)
    with tx(db, clerk) as s:
        first = deliveries.record_delivery(s, DeliveryDraft(order.id, (DeliveryLineInput(order.lines[0].id, 8),),
                                                            carrier="Camion 11 KK 2345"))  # fmt: skip
        second = deliveries.record_delivery(s, DeliveryDraft(order.id, (DeliveryLineInput(order.lines[0].id, 4),)))
        text = _text(sp.order_pdf(s, order.id))
        assert "CMD-2026-00001" in text
        assert "DICKO Aïssata" in text
        assert "12 sacs de 50 kg (600 kg)" in text
        assert "Total de la commande 172 500 F CFA" in text  # 12 × 10 000 + 3 × 17 500
        assert "Acompte convenu 50 000 F CFA" in text
        assert "cent soixante-douze mille cinq cents (172 500) francs CFA" in text
        assert "Reste à livrer" in text
        assert "BL-2026-00001 du 02/03/2026, BL-2026-00002 du 02/03/2026" in text
        text = _text(sp.delivery_pdf(s, second.id))
        assert "BL-2026-00002" in text
        assert "Commande CMD-2026-00001 du 02/03/2026" in text
        assert "12 sacs de 50 kg (600 kg) 8 sacs de 50 kg (400 kg) 4 sacs de 50 kg (200 kg) 0 kg" in text
        # The maize not delivered yet is listed too: nothing now, all of it remains.
        assert "3 sacs de 100 kg (300 kg) 0 kg — 3 sacs de 100 kg (300 kg)" in text
        assert "Il reste des marchandises à livrer sur la commande CMD-2026-00001." in text
        assert "Enlèvement par le client" in text
        assert "Transporteur Camion 11 KK 2345" in _text(sp.delivery_pdf(s, first.id))
        assert sp.delivery_pdf_by_number(s, " bl-2026-00002 ") == sp.delivery_pdf(s, second.id)
    with tx(db, manager) as s:
        deliveries.cancel_delivery(s, second.id, "Sacs déchirés au chargement")
        text = _text(sp.delivery_pdf(s, second.id))
    assert "ANNULÉ" in text
    assert "pièce d’annulation n° MVT-2026-000001" in text
    assert "motif : Sacs déchirés au chargement" in text


def test_cancelled_and_draft_orders(db, clerk, manager, refs) -> None:
    order = _order(db, clerk, refs)
    with tx(db, manager) as s:
        orders.cancel_order(s, order.id, "Le client a renoncé")
        text = _text(sp.order_pdf_by_number(s, "cmd-2026-00001"))
        assert "ANNULÉ" in text
        assert "Annulée le" in text
        assert "motif : Le client a renoncé" in text
        draft = orders.create_order(s, OrderDraft(refs.op, refs.lists["NORMAL"], (line(refs, "TOURTEAU", 2),)))
        assert "PROJET – commande non confirmée" in _text(sp.order_pdf(s, draft.id))


def test_reception_on_paper_and_cancelled(db, manager, refs) -> None:
    with tx(db, manager) as s:
        text = _text(sp.reception_pdf_by_number(s, "BR-2026-00001"))
        assert "BON DE RÉCEPTION" in text
        assert "Huilerie SN-CITEC" in text
        assert "F-118" in text
        assert "40 sacs de 50 kg (2 000 kg)" in text
        assert "7 500 le sac de 50 kg" in text
        assert "Total du bon de réception 450 000 F CFA" in text  # 40 × 7 500 + 10 × 15 000
        assert "quatre cent cinquante mille (450 000) francs CFA" in text
        stock_operations.cancel_reception(s, 1, "Doublon de saisie")
        text = _text(sp.reception_pdf(s, 1))
    assert "ANNULÉ" in text
    assert "motif : Doublon de saisie" in text


def test_stock_card_and_valuation_on_paper(db, clerk, refs) -> None:
    order = _order(db, clerk, refs)
    with tx(db, clerk) as s:
        deliveries.record_delivery(s, DeliveryDraft(order.id, (DeliveryLineInput(order.lines[0].id, 8),)))
        text = _text(sp.stock_card_pdf(s, refs.products["TOURTEAU"], refs.centre, date(2026, 1, 1), date(2026, 4, 1)))
        assert "FICHE DE STOCK" in text
        assert "du 01/01/2026 au 31/03/2026" in text
        assert "Unité de compte sac de 50 kg" in text
        assert "Stock au début de la période 0 kg" in text
        assert "Réception BR-2026-00001 Huilerie SN-CITEC 40 sacs (2 000 kg) 40 sacs (2 000 kg)" in text
        assert "Livraison BL-2026-00001 DICKO Aïssata (CMD-2026-00001) 8 sacs (400 kg) 32 sacs (1 600 kg)" in text
        assert "Coût moyen unitaire (CUMP) 7 500 F CFA le sac de 50 kg" in text
        by_code = sp.stock_card_pdf_by_code(s, "tourteau", "centre", date(2026, 1, 1), date(2026, 4, 1))
        assert by_code == sp.stock_card_pdf(
            s, refs.products["TOURTEAU"], refs.centre, date(2026, 1, 1), date(2026, 4, 1)
        )
        assert "Tous les magasins" in _text(
            sp.stock_card_pdf(s, refs.products["TOURTEAU"], None, DAY, DAY + timedelta(1))
        )
        text = _text(sp.stock_valuation_pdf(s, DAY))
    # 32 sacs at 7 500 + 10 sacs of maize at 15 000
    assert "32 sacs de 50 kg (1 600 kg) 7 500 le sac de 50 kg 240 000" in text
    assert "Valeur totale du stock au 02/03/2026 390 000 F CFA" in text
    assert "trois cent quatre-vingt-dix mille (390 000) francs CFA" in text


def test_inventory_sheet_on_paper(db, clerk, manager, refs) -> None:
    with tx(db, clerk) as s:
        sheet = inventory.open_inventory(s, refs.centre, DAY)
        inventory.enter_count(s, sheet.id, refs.products["TOURTEAU"], 38, "SAC50")
        text = _text(sp.inventory_sheet_pdf(s, sheet.id))
        assert "FEUILLE D’INVENTAIRE" in text
        assert "40 sacs de 50 kg (2 000 kg) 38 sacs de 50 kg (1 900 kg) -2 sacs de 50 kg (-100 kg)" in text
        blind = _text(sp.inventory_sheet_pdf(s, sheet.id, blind=True))
        assert "2 000 kg" not in blind
        assert "38 sacs de 50 kg (1 900 kg)" in blind
    with tx(db, manager) as s:
        inventory.abandon_inventory(s, sheet.id, "Coupure de courant")
        text = _text(sp.inventory_sheet_pdf_by_number(s, sheet.number))
    assert "ANNULÉ" in text
    assert "motif : Coupure de courant" in text


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda s: sp.order_pdf(s, 999), "Commande introuvable : 999."),
        (lambda s: sp.order_pdf_by_number(s, "CMD-1999-00001"), "Commande introuvable : CMD-1999-00001."),
        (lambda s: sp.delivery_pdf(s, 999), "Bon de livraison introuvable : 999."),
        (lambda s: sp.delivery_pdf_by_number(s, "BL-1999-00001"), "Bon de livraison introuvable : BL-1999-00001."),
        (lambda s: sp.reception_pdf(s, 999), "Bon de réception introuvable : 999."),
        (lambda s: sp.reception_pdf_by_number(s, "BR-1999-1"), "Bon de réception introuvable : BR-1999-1."),
        (lambda s: sp.inventory_sheet_pdf(s, 999), "Inventaire introuvable : 999."),
        (lambda s: sp.stock_card_pdf(s, 999, None, DAY, DAY + timedelta(1)), "Produit introuvable (999)."),
        (lambda s: sp.stock_card_pdf_by_code(s, "NOPE", None, DAY, DAY + timedelta(1)), "Produit introuvable (NOPE)."),
        (lambda s: sp.stock_card_pdf_by_code(s, "MAIS", "XX", DAY, DAY + timedelta(1)), "Magasin introuvable (XX)."),
        (lambda s: sp.stock_valuation_pdf(s, DAY, 999), "Magasin introuvable (999)."),
        (
            lambda s: sp.stock_card_pdf_by_code(s, "MAIS", None, DAY, DAY),
            "Période invalide pour la fiche de stock : du 02/03/2026 au 01/03/2026.",
        ),
    ],
)
def test_unknown_documents_are_refused_in_french(db, accountant, refs, call, expected) -> None:
    with tx(db, accountant) as s, pytest.raises(DomainError) as refused:
        call(s)
    assert message(refused.value).startswith(expected)


def test_every_role_may_print(db, actors, refs) -> None:
    for actor in actors.values():
        with tx(db, actor) as s:
            assert sp.reception_pdf(s, 1).startswith(b"%PDF")
