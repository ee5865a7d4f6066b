"""Centre identity, country profile and options, stored as JSON values under known keys."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from centre_app.domain.errors import DomainError
from centre_app.domain.numbering import DOC_TYPES, validate_format
from centre_app.domain.permissions import Action
from centre_app.models.system import CountryProfile, Setting
from centre_app.services.session_cache import cached

IDENTITY_KEYS = (
    "centre.name",
    "centre.acronym",
    "centre.legal_form",
    "centre.registration",
    "centre.address",
    "centre.po_box",
    "centre.phone",
    "centre.email",
    "centre.tax_id",
    "centre.rccm",
    "centre.town",
    "centre.logo_png_b64",
    "centre.signatories",
    "centre.document_language",
)
OPTION_KEYS = (
    "country",
    "ui.language",
    "backup.folder",
    "stock.valuation_per_warehouse",
    "livestock.commission_account",
    "accounting.chart",  # SYSCOHADA / CGNC; unset: the country profile's chart
    "setup.completed",
    "maintenance.last_full_check",  # ISO date of the last complete check at start-up (weekly)
    "security.session_timeout_minutes",  # lock the screen after this much inactivity; 0 = never
)
SESSION_TIMEOUT_MAX = 240  # minutes (four hours)
DEFAULTS: dict[str, Any] = {
    "country": "BF",
    "ui.language": "fr",
    "centre.document_language": "fr",
    "centre.signatories": [],
    "stock.valuation_per_warehouse": False,
    "livestock.commission_account": "7072",
    "setup.completed": False,
    "security.session_timeout_minutes": 15,
}


def _known(key: str) -> bool:
    if key in IDENTITY_KEYS or key in OPTION_KEYS:
        return True
    return key.startswith("numbering.") and key.removeprefix("numbering.") in DOC_TYPES


_VALUE = select(Setting.value).where(Setting.key == bindparam("k"))
_SETTINGS = ("settings",)
_COUNTRIES = ("country_profiles",)


def get_value(session: Session, key: str) -> Any:
    raw = cached(session, _SETTINGS, ("value", key), lambda: session.scalar(_VALUE, {"k": key}))
    if raw is None:
        return DEFAULTS.get(key)
    return json.loads(raw)  # decoded anew: a list or a dict value stays the caller's own


def _put(session: Session, key: str, value: Any) -> None:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=text))
    elif row.value != text:
        row.value = text


@dataclass(frozen=True)
class CountryInfo:
    code: str
    name: str
    currency: str
    locale: str
    chart: str
    operators: tuple[str, ...]
    cash_ceiling: int | None
    certified_invoice_system: str


@dataclass(frozen=True)
class CentreSettings:
    name: str
    acronym: str
    legal_form: str
    registration: str
    address: str
    po_box: str
    phone: str
    email: str
    tax_id: str
    rccm: str
    town: str
    logo_png_b64: str
    signatories: tuple[str, ...]
    country: CountryInfo
    ui_language: str
    backup_folder: str
    setup_completed: bool
    session_timeout_minutes: int = 15  # 0: the screen is never locked

    @property
    def currency(self) -> str:
        return self.country.currency

    @property
    def locale(self) -> str:
        return self.country.locale


def country_info(session: Session, code: str) -> CountryInfo:
    return cached(session, _COUNTRIES, ("country", code), lambda: _country_info(session, code))


def _country_info(session: Session, code: str) -> CountryInfo:
    row = session.get(CountryProfile, code)
    if row is None:
        raise DomainError("settings.unknown_country", country=code)
    ops = tuple(o for o in row.mobile_money_operators.split("|") if o)
    return CountryInfo(
        row.code, row.name, row.currency, row.locale, row.chart, ops, row.cash_ceiling, row.certified_invoice_system
    )


def list_countries(session: Session) -> list[CountryInfo]:
    codes = session.scalars(select(CountryProfile.code).order_by(CountryProfile.name))
    return [country_info(session, c) for c in codes]


def get_settings(session: Session) -> CentreSettings:
    return cached(session, _SETTINGS + _COUNTRIES, "centre", lambda: _get_settings(session))


def _get_settings(session: Session) -> CentreSettings:
    values = {s.key: json.loads(s.value) for s in session.scalars(select(Setting))}

    def v(key: str, default: Any = "") -> Any:
        return values.get(key, DEFAULTS.get(key, default))

    return CentreSettings(
        name=v("centre.name"),
        acronym=v("centre.acronym"),
        legal_form=v("centre.legal_form"),
        registration=v("centre.registration"),
        address=v("centre.address"),
        po_box=v("centre.po_box"),
        phone=v("centre.phone"),
        email=v("centre.email"),
        tax_id=v("centre.tax_id"),
        rccm=v("centre.rccm"),
        town=v("centre.town"),
        logo_png_b64=v("centre.logo_png_b64"),
        signatories=tuple(v("centre.signatories", [])),
        country=country_info(session, v("country")),
        ui_language=v("ui.language"),
        backup_folder=v("backup.folder"),
        setup_completed=bool(v("setup.completed", False)),
        session_timeout_minutes=int(v("security.session_timeout_minutes", 15)),
    )


def update_settings(session: Session, changes: dict[str, Any]) -> list[str]:
    """Change settings (administrator only); returns the keys that really changed. Journaled."""
    from centre_app.services.context import require
    from centre_app.services.events import record_event

    require(session, Action.ADMINISTER)
    return apply_settings(session, changes, record=record_event)


def _session_timeout(value: Any) -> int:
    """Minutes of inactivity before the screen locks: a whole number from 0 (never) to 240."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= SESSION_TIMEOUT_MAX:
        raise DomainError("settings.session_timeout", value=value, max=SESSION_TIMEOUT_MAX)
    return value


def apply_settings(session: Session, changes: dict[str, Any], record: Any = None) -> list[str]:
    """Validate and store settings without a permission check (setup wizard, demo, seeding)."""
    changed: list[str] = []
    for key, value in changes.items():
        if not _known(key):
            raise DomainError("settings.unknown_key", key=key)
        if key == "country":
            country_info(session, value)
        if key.startswith("numbering."):
            validate_format(value)
        if key == "security.session_timeout_minutes":
            _session_timeout(value)
        if key == "centre.name" and not str(value).strip():
            raise DomainError("field.required", field="Nom du centre")
        if get_value(session, key) != value:
            _put(session, key, value)
            changed.append(key)
    session.flush()
    if changed and record is not None:
        record(session, "settings.change", {"keys": sorted(changed)})
    return changed
