"""Accueil: cards, chart and alerts on a known situation; an alert opens the list behind it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from centre_app.services.workspace import Workspace
from centre_app.views.areas import AREAS
from centre_app.views.context import ViewContext
from centre_app.views.home_page import HomePage
from centre_app.views.main_window import MainWindow
from tests.services.test_dashboard import TODAY, situation


def _window(qtbot: QtBot, workspace: Workspace, monkeypatch) -> tuple[MainWindow, HomePage]:
    from centre_app.services import dashboard

    real = dashboard.dashboard
    monkeypatch.setattr(dashboard, "dashboard", lambda s, today=None: real(s, TODAY))
    window = MainWindow(ViewContext(workspace), AREAS)
    qtbot.addWidget(window)
    home = window.areas["home"].widget(0)
    assert isinstance(home, HomePage)
    return window, home


def test_cards_chart_and_alerts(qtbot: QtBot, workspace: Workspace, db, clerk, manager, monkeypatch) -> None:
    situation(db, clerk, manager)
    window, home = _window(qtbot, workspace, monkeypatch)
    assert window.stack.currentWidget() is window.areas["home"]  # the window opens on Accueil
    assert home.heading.text() == "Aujourd'hui, 12 mars 2026"
    assert home.cards["cash"].value.text() == "15\u202f000\u00a0F\u202fCFA"
    assert home.cards["cash"].caption.text().startswith("1 pièce · autres moyens 0")
    assert home.cards["sales"].value.text() == "20\u202f000\u00a0F\u202fCFA"
    assert home.cards["orders"].value.text() == "2"
    assert home.cards["orders"].caption.text() == "1 en retard, 1 en attente de stock"
    assert home.cards["debts"].value.text() == "45\u202f000\u00a0F\u202fCFA"
    assert home.cards["debts"].caption.text() == "dues par 1 tiers"
    [series] = home.chart.series()
    assert [b.label() for b in series.barSets()] == ["Aliments"]
    assert series.barSets()[0].at(11) == 20.0  # thousands of F CFA, March is the last month
    assert home.chart.title() == "Ventes par activité, de avril 2025 à mars 2026"
    texts = [home.alerts.item(i).text() for i in range(home.alerts.count())]
    assert texts[0] == "Stock"
    assert "Commandes" in texts and "Créances" in texts


def test_an_alert_opens_the_party_account(qtbot: QtBot, workspace: Workspace, db, clerk, manager, monkeypatch) -> None:
    refs = situation(db, clerk, manager)
    window, home = _window(qtbot, workspace, monkeypatch)
    window.show()
    qtbot.waitExposed(window)
    row = next(i for i in range(home.alerts.count()) if home.alerts.item(i).text().endswith("depuis plus de 60 jours")
               and "DICKO" in home.alerts.item(i).text())  # fmt: skip
    home.alerts.setCurrentRow(row)
    home.alerts.setFocus()
    qtbot.keyClick(home.alerts, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.areas["cash"]
    page = window.areas["cash"].currentWidget()
    assert type(page).__name__ == "PartyAccountPage"
    assert page.party_id() == refs.customer


def test_a_card_opens_its_list_from_the_keyboard(qtbot: QtBot, workspace: Workspace, monkeypatch) -> None:
    window, home = _window(qtbot, workspace, monkeypatch)
    window.show()
    qtbot.waitExposed(window)
    home.cards["cash"].setFocus()
    qtbot.keyClick(home.cards["cash"], Qt.Key.Key_Return)
    assert window.areas["cash"].currentWidget().__class__.__name__ == "CashDayPage"
    assert window.stack.currentWidget() is window.areas["cash"]
