"""Settings (administrator only, journaled), country profiles, products, units and prices."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from centre_app.domain.errors import DomainError, message
from centre_app.models.database import Database
from centre_app.models.system import EventEntry
from centre_app.services import catalog, livestock_ref
from centre_app.services import settings as settings_service
from centre_app.services.context import Actor, PermissionDenied

COUNTRIES = ("BF", "ML", "NE", "SN", "CI", "TG", "BJ", "CM", "CD", "MA")


def test_clerk_cannot_change_settings(db: Database, clerk: Actor) -> None:
    with pytest.raises(PermissionDenied) as err, db.transaction(clerk) as s:
        settings_service.update_settings(s, {"centre.name": "Autre centre"})
    assert "Agent de saisie" in message(err.value)
    with db.reading() as s:
        assert settings_service.get_settings(s).name == "Centre de test de Djibo"


def test_admin_changes_settings_and_it_is_journaled(db: Database, admin: Actor) -> None:
    with db.transaction(admin) as s:
        changed = settings_service.update_settings(s, {"centre.phone": "+226 24 56 00 00", "country": "ML"})
    assert sorted(changed) == ["centre.phone", "country"]
    with db.reading() as s:
        centre = settings_service.get_settings(s)
        last = s.scalars(select(EventEntry).order_by(EventEntry.seq.desc()).limit(1)).one()
    assert centre.country.code == "ML"
    assert centre.locale == "fr_ML"
    assert last.kind == "settings.change"
    assert "country" in last.detail


def test_unknown_setting_and_country_refused(db: Database, admin: Actor) -> None:
    for change, code in (
        ({"centre.couleur": "bleu"}, "settings.unknown_key"),
        ({"country": "XX"}, "settings.unknown_country"),
    ):
        with pytest.raises(DomainError) as err, db.transaction(admin) as s:
            settings_service.update_settings(s, change)
        assert err.value.code == code


def test_country_profiles_seeded(db: Database) -> None:
    with db.reading() as s:
        countries = {c.code: c for c in settings_service.list_countries(s)}
    assert set(COUNTRIES) <= set(countries)
    assert countries["BF"].cash_ceiling == 999_999
    assert "Orange Money" in countries["BF"].operators
    assert countries["CM"].currency == "XAF"
    assert countries["CD"].currency == "CDF"
    assert countries["MA"].currency == "MAD"


def test_quantity_in_a_unit_the_product_does_not_have(db: Database, clerk: Actor) -> None:
    with db.reading(clerk) as s:
        mais = catalog.product_by_code(s, "MAIS")
        assert catalog.quantity_to_base(s, mais.id, "12", "SAC100") == Decimal(1200)
        with pytest.raises(DomainError) as err:
            catalog.quantity_to_base(s, mais.id, "3", "CARTON")
    assert err.value.code == "quantity.unknown_unit"
    assert "Maïs" in message(err.value)


def test_product_seed_and_describe(db: Database) -> None:
    with db.reading() as s:
        products = {p.code: p for p in catalog.list_products(s)}
    assert {"MIL", "SORGHO", "MAIS", "RIZ", "NIEBE", "TOURTEAU", "GRAINE", "SONBLE", "BLOC", "SEL"} <= set(products)
    text = products["TOURTEAU"].units.describe(Decimal(600)).replace("\u00a0", " ")
    assert text == "12 sacs de 50 kg (600 kg)"


def test_prices_are_dated(db: Database, manager: Actor, clerk: Actor) -> None:
    with db.transaction(manager) as s:
        normal = next(pl.id for pl in catalog.list_price_lists(s) if pl.code == "NORMAL")
        tourteau = catalog.product_by_code(s, "TOURTEAU").id
        catalog.set_price(s, normal, tourteau, "SAC50", 10_000, date(2026, 1, 1))
        catalog.set_price(s, normal, tourteau, "SAC50", 11_500, date(2026, 6, 1))
        assert catalog.price_at(s, normal, tourteau, "SAC50", date(2026, 5, 31)) == 10_000
        assert catalog.price_at(s, normal, tourteau, "SAC50", date(2026, 6, 1)) == 11_500
        with pytest.raises(DomainError) as err:
            catalog.price_at(s, normal, tourteau, "SAC50", date(2025, 12, 31))
        assert err.value.code == "price.none"
        with pytest.raises(DomainError) as err:
            catalog.set_price(s, normal, tourteau, "SAC100", 20_000, date(2026, 1, 1))
        assert err.value.code == "price.bad_unit"
    with pytest.raises(PermissionDenied), db.transaction(clerk) as s:
        catalog.set_price(s, normal, tourteau, "SAC50", 9_000, date(2026, 7, 1))


def test_livestock_reference_seeded_from_shared_data(db: Database) -> None:
    with db.reading() as s:
        species = {sp.code: sp for sp in livestock_ref.list_species(s)}
    assert list(species)[:4] == ["bovin", "ovin", "caprin", "camelin"]
    assert "bœuf (castré)" in species["bovin"].categories
    assert "Azawak" in species["bovin"].breeds
    assert "chamelle" in species["camelin"].categories


def test_market_tax_and_commission_rules(db: Database, manager: Actor) -> None:
    with db.transaction(manager) as s:
        market = livestock_ref.create_market(s, "Marché de Djibo", "Djibo", "lundi")
        livestock_ref.set_market_tax(s, market, "bovin", 1_000, date(2026, 1, 1))
        livestock_ref.set_market_tax(s, market, "bovin", 1_500, date(2026, 7, 1))
        assert livestock_ref.market_tax_at(s, market, "bovin", date(2026, 6, 30)) == 1_000
        assert livestock_ref.market_tax_at(s, market, "bovin", date(2026, 7, 1)) == 1_500
        assert livestock_ref.market_tax_at(s, market, "ovin", date(2026, 7, 1)) == 0
        with pytest.raises(DomainError):
            livestock_ref.create_commission_rule(s, "Trop", "pourcentage", "vendeur", date(2026, 1, 1), rate_bp=20_000)
        with pytest.raises(DomainError):
            livestock_ref.create_commission_rule(s, "?", "par_tete", "voisin", date(2026, 1, 1), amount=500)
