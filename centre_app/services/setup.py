"""First setup of a centre: reference data from resources/data, identity, first administrator."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from centre_app.domain.permissions import Role
from centre_app.domain.quantity import to_base_milli
from centre_app.models.catalog import PackagingUnit, PriceList, Product, Warehouse
from centre_app.models.livestock_ref import Breed, LivestockCategory, Species
from centre_app.models.system import AccountMapping, CountryProfile
from centre_app.resources import resource
from centre_app.services import settings as settings_service
from centre_app.services.events import record_event
from centre_app.services.users import UserRow, create_user

SPECIES_NAMES = {
    "bovin": "Bovins",
    "ovin": "Ovins",
    "caprin": "Caprins",
    "camelin": "Camelins",
    "asin": "Asins",
    "équin": "Équins",
}


def _rows(name: str) -> list[dict[str, str]]:
    path: Path = resource("data", name)
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def _empty(session: Session, model: type) -> bool:
    return not session.scalar(select(func.count()).select_from(model))


def seed_reference_data(session: Session) -> None:
    """Countries, account mapping, livestock tables, products, price lists, the centre's store.

    Idempotent: each table is seeded only while it is empty (the office edits them afterwards).
    """
    if _empty(session, CountryProfile):
        for r in _rows("countries.csv"):
            session.add(
                CountryProfile(
                    code=r["code"], name=r["name"], currency=r["currency"], locale=r["locale"], chart=r["chart"],
                    mobile_money_operators=r["mobile_money_operators"],
                    cash_ceiling=int(r["cash_ceiling"]) if r["cash_ceiling"] else None,
                    certified_invoice_system=r["certified_invoice_system"],
                )
            )  # fmt: skip
    if _empty(session, AccountMapping):
        for r in _rows("accounts.csv"):
            session.add(
                AccountMapping(chart=r["chart"], event=r["event"], debit=r["debit"], credit=r["credit"], note=r["note"])
            )
    if _empty(session, Species):
        for order, r in enumerate(_rows("livestock.csv")):
            code = r["species"]
            session.add(Species(code=code, name=SPECIES_NAMES.get(code, code.capitalize()), sort_order=order))
            session.flush()
            for cat in filter(None, r["categories"].split("|")):
                session.add(LivestockCategory(species_code=code, name=cat, active=True))
            for breed in filter(None, r["common_breeds"].split("|")):
                session.add(Breed(species_code=code, name=breed, active=True))
    if _empty(session, Product):
        for r in _rows("products.csv"):
            units = []
            for spec in filter(None, r["units"].split("|")):
                code, name, plural, factor = spec.split(":")
                units.append(PackagingUnit(code=code, name=name, plural=plural, factor=to_base_milli(Decimal(factor))))
            session.add(
                Product(
                    code=r["code"], category=r["category"], name=r["name"], base_unit=r["base_unit"],
                    base_unit_name=r["base_unit_name"], base_unit_plural=r["base_unit_plural"],
                    alert_threshold=to_base_milli(Decimal(r["alert_threshold"])), active=True, units=units,
                )
            )  # fmt: skip
    if _empty(session, PriceList):
        session.add(PriceList(code="NORMAL", name="Prix normal", kind="normal", eligibility="", active=True))
        session.add(
            PriceList(
                code="SOCIAL", name="Prix social (subventionné)", kind="social",
                eligibility="Membres des OP sous contrat, ménages vulnérables identifiés par la commune",
                active=True,
            )
        )  # fmt: skip
    if _empty(session, Warehouse):
        session.add(Warehouse(code="CENTRE", name="Magasin du centre", kind="centre", village="", active=True))
    session.flush()


@dataclass(frozen=True)
class SetupInput:
    centre_name: str
    country: str
    admin_username: str
    admin_full_name: str
    admin_password: str
    acronym: str = ""
    town: str = ""
    address: str = ""
    phone: str = ""
    backup_folder: str = ""


def initialize_centre(session: Session, data: SetupInput) -> UserRow:
    """What the setup wizard does: reference data, identity, country, first administrator."""
    seed_reference_data(session)
    settings_service.apply_settings(
        session,
        {
            "centre.name": data.centre_name,
            "centre.acronym": data.acronym,
            "centre.town": data.town,
            "centre.address": data.address,
            "centre.phone": data.phone,
            "country": data.country,
            "backup.folder": data.backup_folder,
        },
    )
    admin = create_user(session, data.admin_username, data.admin_full_name, Role.ADMIN, data.admin_password)
    settings_service.apply_settings(session, {"setup.completed": True})
    record_event(session, "database.created", {"centre": data.centre_name, "country": data.country})
    return admin
