"""How big the demo centre is: period and daily volumes per scale (PRODUCT.md §13 and §15).

``small`` is one year of a centre in Djibo (about 200 livestock contracts, 1 500 stock movements, 300 orders,
20 OP contracts); ``large`` is ten busy years of the same centre (about 3 000 parties, 20 000 livestock
contracts with 60 000 animal lines, 200 000 stock movements, 30 000 orders, 60 000 receipts, 400 OP
contracts). The generators (demo_cash, demo_stock, demo_livestock, demo_op_contracts) draw their daily
activity from these figures; the small scale's values are the ones the generators had before scales
existed, so that a seed still gives the same small database.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from centre_app.domain.errors import DomainError

OrderSlot = tuple[float, int, int]  # probability of an order that day, first minute, spread in minutes


@dataclass(frozen=True)
class DemoScale:
    """Everything that differs between a small and a large demo centre."""

    name: str
    parties: int
    organisations: int
    days: int = 365  # length of the period, ending the day before ``until``
    op_contracts_per_year: int = 20
    # Livestock: contracts per market day (drawn from these tuples): Monday in Djibo, other market days.
    monday_contracts: tuple[int, ...] = (1, 2, 2, 3)
    market_contracts: tuple[int, ...] = (0, 0, 1, 1, 1)
    categories_per_line: tuple[int, ...] = (1, 1, 1, 2, 2, 3)  # categories of the species sold in a contract
    # Stock: order attempts per working day, products per order, restocking, trucks to the cereal banks.
    order_slots: tuple[OrderSlot, ...] = ((0.9, 8 * 60, 90), (0.25, 10 * 60, 60))
    products_per_order: tuple[int, ...] = (1, 2, 2, 3, 3)
    partial_delivery: float = 0.35  # chance that a due order leaves in part only (the rest a few days later)
    order_deposit: float = 0.6  # chance that a confirmed order gets an acompte at once
    restock_weekdays: tuple[int, ...] = (0,)
    restock_max_sacks: int = 400
    transfer_weekdays: tuple[int, ...] = (3,)
    transfer_products: tuple[int, int] = (1, 2)  # cereals on the truck (at most the three of them)
    losses_per_day: int = 1  # draws at 20 % each
    # Cash desk: other events of a day (credit sales, settlements, advances, expenses).
    cash_events: tuple[int, int] = (1, 5)
    inflation_bp: int = 0  # yearly rise of prices, in basis points (prices reach the §13 ones at the end)

    @property
    def years(self) -> float:
        return self.days / 365

    def with_years(self, years: int) -> DemoScale:
        """The same centre over ``years`` years (1 to 30)."""
        if not 1 <= years <= 30:
            raise DomainError("demo.bad_years", years=years)
        return replace(self, days=365 * years)

    def price_factor_bp(self, day: date, end: date) -> int:
        """Prices of ``day`` relative to the prices of the period's last year, in basis points (10 000 = same).

        The §13 prices are today's: earlier years were cheaper by ``inflation_bp`` a year, compounded."""
        years_before = max(0, (end - day).days - 1) // 365
        factor = 10_000
        for _ in range(years_before):
            factor = factor * 10_000 // (10_000 + self.inflation_bp)
        return factor


SMALL = DemoScale("small", parties=300, organisations=24)
LARGE = DemoScale(
    "large",
    parties=3000,
    organisations=120,
    days=3650,
    op_contracts_per_year=40,
    monday_contracts=tuple(range(10, 19)),
    market_contracts=tuple(range(5, 12)),
    categories_per_line=(2, 3, 3, 4),
    order_slots=tuple((0.95, 7 * 60 + 45 + 15 * k, 14) for k in range(12)),  # before the 11 h deliveries
    products_per_order=(3, 4, 4, 5, 6),
    partial_delivery=0.45,
    order_deposit=0.4,
    restock_weekdays=(0, 2, 4),
    restock_max_sacks=1500,
    transfer_weekdays=(0, 1, 2, 3, 4, 5),
    transfer_products=(2, 3),
    losses_per_day=3,
    cash_events=(1, 3),
    inflation_bp=200,
)
SCALES = {"small": SMALL, "large": LARGE}


def scale_of(scale: str | DemoScale, years: int | None = None) -> DemoScale:
    """The named scale (or a scale given as is), over ``years`` years when given."""
    found = scale if isinstance(scale, DemoScale) else SCALES.get(scale)
    if found is None:
        raise DomainError("demo.bad_scale", scale=scale)
    return found if years is None else found.with_years(years)


def periods(start: date, end: date) -> list[tuple[date, date]]:
    """The period cut in years of 365 days from ``start`` (the last one ends at ``end``): the demo commits
    and reports its progress per year."""
    out, first = [], start
    while first < end:
        last = min(first + timedelta(days=365), end)
        if (end - last).days < 30:  # no stub year at the end
            last = end
        out.append((first, last))
        first = last
    return out


def label(first: date, last: date) -> str:
    """« 2019 »: the calendar year holding most of the period."""
    return str((first + (last - first) / 2).year)
