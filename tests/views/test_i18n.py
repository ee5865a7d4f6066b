"""Every visible string has a French translation, with the same placeholders; English works too."""

from __future__ import annotations

import re

import pytest

from centre_app.views import i18n


def test_every_marked_string_is_translated() -> None:
    catalog = i18n.load_catalog("fr")
    missing = sorted(m for m in i18n.extract_messages() if m not in catalog)
    assert missing == [], "Run `python i18n/update.py` and translate: " + "; ".join(missing)


def test_placeholders_match() -> None:
    catalog = i18n.load_catalog("fr")
    field = re.compile(r"\{[a-z_]*\}")
    for source, french in catalog.items():
        assert sorted(field.findall(source)) == sorted(field.findall(french)), source


@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("fr")


def test_french_is_the_default() -> None:
    assert i18n.language() == "fr"
    assert i18n._("Parties") == "Tiers"


def test_english_ui_shows_the_source(english: None) -> None:
    assert i18n._("Parties") == "Parties"
