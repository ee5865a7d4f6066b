"""Products with packaging units, price lists with validity dates, magasins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.money import check_amount
from centre_app.domain.permissions import Action
from centre_app.domain.quantity import PackagingUnit as UnitDef
from centre_app.domain.quantity import UnitSet, check_base, from_base_milli, parse_quantity, to_base_milli
from centre_app.domain.text import tidy
from centre_app.models.catalog import PackagingUnit, Price, PriceList, Product, Warehouse
from centre_app.services.context import require

CATEGORIES = {"cereale": "Céréale", "aliment": "Aliment bétail", "intrant": "Autre intrant"}
WAREHOUSE_KINDS = {"centre": "Magasin du centre", "banque_cereales": "Banque de céréales villageoise"}
PRICE_LIST_KINDS = {"normal": "Prix normal", "social": "Prix social / subventionné"}
# Where a dated value (price, market tax) stands on a given day.
VALIDITY_STATES = {"current": "En vigueur", "replaced": "Remplacé", "future": "À venir"}


@dataclass(frozen=True)
class UnitInput:
    code: str
    name: str
    plural: str
    factor: Decimal  # base units per packaging unit
    calibrated_on: date | None = None


@dataclass(frozen=True)
class ProductInput:
    code: str
    name: str
    category: str
    base_unit: str = "kg"
    base_unit_name: str = "kg"
    base_unit_plural: str = "kg"
    alert_threshold: Decimal = Decimal(0)
    units: tuple[UnitInput, ...] = ()


@dataclass(frozen=True)
class ProductRow:
    id: int
    code: str
    name: str
    category: str
    category_label: str
    base_unit: str
    units: UnitSet
    alert_threshold: Decimal
    active: bool


def unit_set(p: Product) -> UnitSet:
    return UnitSet(
        base_code=p.base_unit,
        base_name=p.base_unit_name,
        base_plural=p.base_unit_plural,
        units=tuple(UnitDef(u.code, u.name, u.plural, from_base_milli(u.factor)) for u in p.units),
    )


def _row(p: Product) -> ProductRow:
    return ProductRow(
        p.id, p.code, p.name, p.category, CATEGORIES[p.category], p.base_unit, unit_set(p),
        from_base_milli(p.alert_threshold), p.active,
    )  # fmt: skip


def _validate(data: ProductInput) -> None:
    if not tidy(data.code):
        raise DomainError("field.required", field="Code")
    if not tidy(data.name):
        raise DomainError("field.required", field="Désignation")
    if data.category not in CATEGORIES:
        raise DomainError("product.bad_category", category=data.category)
    seen = {data.base_unit}
    for u in data.units:
        if u.code in seen:
            raise DomainError("product.duplicate_unit", unit=u.code)
        seen.add(u.code)
        if Decimal(u.factor) <= 0:
            raise DomainError("product.bad_factor", unit=u.name)


def create_product(session: Session, data: ProductInput) -> ProductRow:
    require(session, Action.EDIT_MASTER_DATA)
    _validate(data)
    code = tidy(data.code).upper()
    if session.scalar(select(Product.id).where(Product.code == code)) is not None:
        raise DomainError("product.duplicate_code", code=code)
    product = Product(
        code=code,
        name=tidy(data.name),
        category=data.category,
        base_unit=data.base_unit,
        base_unit_name=data.base_unit_name,
        base_unit_plural=data.base_unit_plural,
        alert_threshold=to_base_milli(Decimal(data.alert_threshold)),
        active=True,
        units=[
            PackagingUnit(
                code=u.code, name=u.name, plural=u.plural, factor=to_base_milli(Decimal(u.factor)),
                calibrated_on=u.calibrated_on,
            )
            for u in data.units
        ],
    )  # fmt: skip
    session.add(product)
    session.flush()
    return _row(product)


def add_unit(session: Session, product_id: int, unit: UnitInput) -> None:
    require(session, Action.EDIT_MASTER_DATA)
    product = _product(session, product_id)
    if unit.code == product.base_unit or any(u.code == unit.code for u in product.units):
        raise DomainError("product.duplicate_unit", unit=unit.code)
    if Decimal(unit.factor) <= 0:
        raise DomainError("product.bad_factor", unit=unit.name)
    product.units.append(
        PackagingUnit(
            code=unit.code, name=unit.name, plural=unit.plural, factor=to_base_milli(Decimal(unit.factor)),
            calibrated_on=unit.calibrated_on,
        )
    )  # fmt: skip
    session.flush()


def _product(session: Session, product_id: int) -> Product:
    p = session.get(Product, product_id)
    if p is None:
        raise DomainError("not_found", entity="Produit", key=product_id)
    return p


def product_by_code(session: Session, code: str) -> ProductRow:
    p = session.scalar(select(Product).where(Product.code == code.strip().upper()))
    if p is None:
        raise DomainError("not_found", entity="Produit", key=code)
    return _row(p)


def list_products(session: Session, search: str = "", active_only: bool = False) -> list[ProductRow]:
    stmt = select(Product).order_by(Product.category, Product.name)
    if search:
        stmt = stmt.where(Product.name.icontains(search, autoescape=True) | Product.code.icontains(search))
    if active_only:
        stmt = stmt.where(Product.active.is_(True))
    return [_row(p) for p in session.scalars(stmt)]


def set_product_active(session: Session, product_id: int, active: bool) -> None:
    require(session, Action.EDIT_MASTER_DATA)
    _product(session, product_id).active = active
    session.flush()


def get_product(session: Session, product_id: int) -> ProductRow:
    return _row(_product(session, product_id))


def product_units(session: Session, product_id: int) -> list[UnitInput]:
    """The packaging units of a product as typed (with their calibration dates), preferred first."""
    p = _product(session, product_id)
    return [UnitInput(u.code, u.name, u.plural, from_base_milli(u.factor), u.calibrated_on) for u in p.units]


def parse_factor(text: str) -> Decimal:
    """A conversion factor as typed (« 17,5 », « 1 000 »): positive, exact, 3 decimals at most."""
    try:
        factor = check_base(parse_quantity(text))
    except DomainError:
        raise DomainError("product.factor_invalid", value=text.strip()) from None
    if factor <= 0:
        raise DomainError("product.factor_invalid", value=text.strip())
    return factor


def quantity_to_base(session: Session, product_id: int, quantity: Decimal | int | str, unit: str) -> Decimal:
    """Convert what the clerk typed (« 12 sacs ») into the base unit, refusing units the product lacks."""
    p = _product(session, product_id)
    return unit_set(p).to_base(quantity, unit, product=p.name)


# --- price lists ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PriceListRow:
    id: int
    code: str
    name: str
    kind: str
    eligibility: str
    active: bool


@dataclass(frozen=True)
class PriceRow:
    id: int
    price_list: str
    product_code: str
    product: str
    unit: str
    amount: int
    valid_from: date
    unit_name: str = ""  # « sac de 50 kg » for the code « SAC50 »
    state: str = ""  # VALIDITY_STATES key on the day asked
    state_label: str = ""


def validity_states(rows: list[tuple[object, date]], on: date) -> list[str]:
    """For dated values listed as (key, valid_from), say which is in force on ``on``, replaced or to come.

    The value in force for a key is the latest one that starts on or before ``on``.
    """
    in_force: dict[object, date] = {}
    for key, start in rows:
        if start <= on and (key not in in_force or start > in_force[key]):
            in_force[key] = start
    return ["future" if start > on else "current" if in_force.get(key) == start else "replaced" for key, start in rows]


def create_price_list(session: Session, code: str, name: str, kind: str = "normal", eligibility: str = "") -> int:
    require(session, Action.MANAGE_CONTRACTS_AND_PRICES)
    if kind not in PRICE_LIST_KINDS:
        raise DomainError("field.invalid", field="Type de liste", value=kind)
    if not tidy(code):
        raise DomainError("field.required", field="Code")
    if not tidy(name):
        raise DomainError("field.required", field="Nom de la liste")
    if session.scalar(select(PriceList.id).where(PriceList.code == tidy(code).upper())) is not None:
        raise DomainError("price_list.duplicate_code", code=tidy(code).upper())
    pl = PriceList(code=tidy(code).upper(), name=tidy(name), kind=kind, eligibility=eligibility.strip(), active=True)
    session.add(pl)
    session.flush()
    return pl.id


def list_price_lists(session: Session) -> list[PriceListRow]:
    return [
        PriceListRow(p.id, p.code, p.name, p.kind, p.eligibility, p.active)
        for p in session.scalars(select(PriceList).order_by(PriceList.id))
    ]


def set_price(session: Session, price_list_id: int, product_id: int, unit: str, amount: int, valid_from: date) -> int:
    """A new price from a date; earlier prices stay for the documents that used them."""
    require(session, Action.MANAGE_CONTRACTS_AND_PRICES)
    check_amount(amount, allow_negative=False)
    if amount == 0:
        raise DomainError("money.not_positive")
    product = _product(session, product_id)
    if unit != product.base_unit and all(u.code != unit for u in product.units):
        raise DomainError("price.bad_unit", product=product.name, unit=unit)
    if session.get(PriceList, price_list_id) is None:
        raise DomainError("not_found", entity="Liste de prix", key=price_list_id)
    existing = session.scalar(
        select(Price).where(
            Price.price_list_id == price_list_id, Price.product_id == product_id, Price.unit == unit,
            Price.valid_from == valid_from,
        )
    )  # fmt: skip
    if existing is not None:
        existing.amount = amount
        session.flush()
        return existing.id
    price = Price(price_list_id=price_list_id, product_id=product_id, unit=unit, amount=amount, valid_from=valid_from)
    session.add(price)
    session.flush()
    return price.id


def price_at(session: Session, price_list_id: int, product_id: int, unit: str, on: date) -> int:
    amount = session.scalar(
        select(Price.amount)
        .where(
            Price.price_list_id == price_list_id, Price.product_id == product_id, Price.unit == unit,
            Price.valid_from <= on,
        )
        .order_by(Price.valid_from.desc())
        .limit(1)
    )  # fmt: skip
    if amount is None:
        pl = session.get(PriceList, price_list_id)
        product = _product(session, product_id)
        raise DomainError(
            "price.none", product=product.name, unit=unit, price_list=pl.name if pl else price_list_id,
            date=on.strftime("%d/%m/%Y"),
        )  # fmt: skip
    return amount


def list_prices(session: Session, price_list_id: int | None = None, on: date | None = None) -> list[PriceRow]:
    """Every price with its history, each marked in force, replaced or to come on ``on`` (today by default)."""
    stmt = (
        select(Price, PriceList.name, Product.code, Product.name, Product.base_unit_name, PackagingUnit.name)
        .join(PriceList, PriceList.id == Price.price_list_id)
        .join(Product, Product.id == Price.product_id)
        .outerjoin(PackagingUnit, (PackagingUnit.product_id == Price.product_id) & (PackagingUnit.code == Price.unit))
        .order_by(PriceList.id, Product.name, Price.unit, Price.valid_from)
    )
    if price_list_id is not None:
        stmt = stmt.where(Price.price_list_id == price_list_id)
    found = list(session.execute(stmt))
    states = validity_states(
        [((p.price_list_id, p.product_id, p.unit), p.valid_from) for p, *_ in found], on or date.today()
    )
    return [
        PriceRow(
            p.id, pl, pc, pn, p.unit, p.amount, p.valid_from, unit_name or base_name, state, VALIDITY_STATES[state]
        )
        for (p, pl, pc, pn, base_name, unit_name), state in zip(found, states, strict=True)
    ]


# --- magasins ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WarehouseRow:
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    village: str
    active: bool


def create_warehouse(session: Session, code: str, name: str, kind: str = "centre", village: str = "") -> WarehouseRow:
    require(session, Action.EDIT_MASTER_DATA)
    if kind not in WAREHOUSE_KINDS:
        raise DomainError("field.invalid", field="Type de magasin", value=kind)
    code = tidy(code).upper()
    if not code:
        raise DomainError("field.required", field="Code")
    if not tidy(name):
        raise DomainError("field.required", field="Nom du magasin")
    if session.scalar(select(Warehouse.id).where(Warehouse.code == code)) is not None:
        raise DomainError("warehouse.duplicate_code", code=code)
    w = Warehouse(code=code, name=tidy(name), kind=kind, village=tidy(village), active=True)
    session.add(w)
    session.flush()
    return WarehouseRow(w.id, w.code, w.name, w.kind, WAREHOUSE_KINDS[w.kind], w.village, w.active)


def list_warehouses(session: Session) -> list[WarehouseRow]:
    return [
        WarehouseRow(w.id, w.code, w.name, w.kind, WAREHOUSE_KINDS[w.kind], w.village, w.active)
        for w in session.scalars(select(Warehouse).order_by(Warehouse.code))
    ]
