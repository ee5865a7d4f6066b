"""Tiers and OP screens: keyboard-only entry, refusals that keep the form, editing, permissions, models, filters."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from centre_app.domain.errors import DomainError
from centre_app.services import organisations, parties
from centre_app.services.organisations import MemberInput, MemberRow, OrganisationInput
from centre_app.services.parties import PartyInput
from centre_app.services.workspace import Workspace
from centre_app.views import organisation_dialog, organisations_page, party_dialog
from centre_app.views.context import ViewContext
from centre_app.views.organisation_dialog import OrganisationDialog
from centre_app.views.organisation_members import MembersTableModel
from centre_app.views.organisations_page import OrganisationsPage
from centre_app.views.parties_page import PartiesPage
from centre_app.views.party_dialog import PartyDialog

RETURN, TAB, DOWN = Qt.Key.Key_Return, Qt.Key.Key_Tab, Qt.Key.Key_Down


@pytest.fixture
def ctx(workspace: Workspace) -> ViewContext:
    return ViewContext(workspace)


def _shown(qtbot: QtBot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


def _focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _type(qtbot: QtBot, text: str, *then: Qt.Key) -> None:
    """Type ASCII into the focused field, then press keys (each sent to whatever has the focus then)."""
    if text:
        qtbot.keyClicks(_focus(), text)
    for key in then:
        qtbot.keyClick(_focus(), key)


def _people(workspace: Workspace) -> dict[str, int]:
    def work(s):
        people = {
            "SAWADOGO Awa": PartyInput(name="SAWADOGO Awa", sex="F", village="Mentao"),
            "TRAORE Moussa": PartyInput(name="TRAORE Moussa", sex="M", village="Djibo"),
            "KABORE Adama": PartyInput(name="KABORE Adama", sex="M", village="Mentao"),
            "DIALLO Bintou": PartyInput(name="DIALLO Bintou", sex="F", roles=("acheteur",), id_type="CNIB",
                                        id_number="B11112222"),
        }  # fmt: skip
        return {name: parties.create_party(s, data).id for name, data in people.items()}

    return workspace.run(work)


# --- (1) keyboard only ---------------------------------------------------------------------------
def test_create_a_producer_with_the_keyboard_only(qtbot: QtBot, ctx: ViewContext) -> None:
    dialog = _shown(qtbot, PartyDialog(ctx))
    changed: list[set[str]] = []
    ctx.changed.connect(changed.append)
    assert _focus() is dialog.name
    _type(qtbot, "OUEDRAOGO Issa", RETURN)  # name → type
    assert _focus() is dialog.kind
    _type(qtbot, "", RETURN)  # personne → roles (producteur already ticked)
    assert _focus() is dialog.role_boxes["producteur"]
    _type(qtbot, "", TAB, Qt.Key.Key_Space, RETURN)  # also a buyer; Enter leaves the roles
    assert _focus() is dialog.sex
    _type(qtbot, "", DOWN, DOWN, RETURN)  # Masculin
    assert _focus() is dialog.id_type
    _type(qtbot, "", DOWN, RETURN)  # CNIB → its number
    _type(qtbot, "b12345678", RETURN)
    _type(qtbot, "70 12 34 56", RETURN, RETURN)  # the second phone stays empty
    _type(qtbot, "Mentao", RETURN)
    _type(qtbot, "Djibo", RETURN)
    _type(qtbot, "Soum", RETURN)
    _type(qtbot, "", RETURN, RETURN, RETURN)  # IFU, RCCM, trader card
    assert _focus() is dialog.credit_limit
    _type(qtbot, "150000", RETURN)
    _type(qtbot, "Vient du marche de Djibo", RETURN)  # Enter on the last field saves
    assert dialog.result() == PartyDialog.DialogCode.Accepted
    assert changed == [{"parties"}]
    detail = ctx.read(lambda s: parties.get_party(s, dialog.party_id))
    d = detail.data
    assert (d.name, d.kind, d.sex, d.roles) == ("OUEDRAOGO Issa", "personne", "M", ("acheteur", "producteur"))
    assert (d.id_type, d.id_number, d.phone, d.phone2) == ("CNIB", "B12345678", "70 12 34 56", "")
    assert (d.village, d.commune, d.province, d.credit_limit) == ("Mentao", "Djibo", "Soum", 150_000)
    assert d.notes == "Vient du marche de Djibo"


def test_create_an_op_with_three_members_with_the_keyboard_only(qtbot: QtBot, ctx: ViewContext) -> None:
    people = _people(ctx.workspace)
    dialog = _shown(qtbot, OrganisationDialog(ctx))
    assert _focus() is dialog.name
    _type(qtbot, "Groupement Kawral de Mentao", RETURN)
    _type(qtbot, "", DOWN, RETURN)  # legal form: Groupement → Association
    _type(qtbot, "123/2024/PSUM", RETURN)
    assert _focus() is dialog.founded_on
    _type(qtbot, "15032019", RETURN)
    _type(qtbot, "Mentao", RETURN)  # seat
    _type(qtbot, "Mentao", RETURN)  # village
    _type(qtbot, "Djibo", RETURN, RETURN)  # commune, province left empty
    _type(qtbot, "76 11 22 33", RETURN, RETURN)
    _type(qtbot, "", RETURN, RETURN)  # IFU, RCCM
    assert _focus() is dialog.legal_rep
    _type(qtbot, "sawadogo", RETURN)  # exactly one match: Enter chooses it and moves on
    assert dialog.legal_rep.party_id() == people["SAWADOGO Awa"]
    assert _focus() is dialog.parent_org
    qtbot.keyClick(_focus(), Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # the « Membres » tab
    assert dialog.tabs.currentWidget() is dialog.members
    panel = dialog.members
    for name, offices in (("sawadogo", 1), ("traore", 4), ("kabore", 0)):
        assert _focus() is panel.picker
        _type(qtbot, name, RETURN)  # chosen → office
        assert _focus() is panel.office
        _type(qtbot, "", *[DOWN] * offices, RETURN)  # président(e), trésorier(ère) or simple member
        assert _focus() is panel.joined
        _type(qtbot, "01022020", RETURN)  # → « Add the member »
        assert _focus() is panel.add_button
        _type(qtbot, "", RETURN)
    assert panel.model.rowCount() == 3
    assert dialog.tabs.tabText(1) == "&Membres (3)"
    assert panel.summary.text() == "Membres : 3 — dont femmes : 1"
    qtbot.keyClick(_focus(), RETURN, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter saves
    assert dialog.result() == OrganisationDialog.DialogCode.Accepted
    detail = ctx.read(lambda s: organisations.get_organisation(s, dialog.party_id))
    assert (detail.name, detail.legal_form, detail.registration_number) == (
        "Groupement Kawral de Mentao",
        "association",
        "123/2024/PSUM",
    )
    assert detail.founded_on == date(2019, 3, 15)
    assert detail.legal_rep_id == people["SAWADOGO Awa"]
    offices = {m.name: (m.office, m.joined_on) for m in detail.members}
    assert offices == {
        "SAWADOGO Awa": ("président(e)", date(2020, 2, 1)),
        "TRAORE Moussa": ("trésorier(ère)", date(2020, 2, 1)),
        "KABORE Adama": ("", date(2020, 2, 1)),
    }
    party = ctx.read(lambda s: parties.get_party(s, dialog.party_id)).data
    assert (party.kind, party.roles, party.phone, party.commune) == ("organisation", ("op",), "76 11 22 33", "Djibo")


# --- (2) a refusal keeps the form -----------------------------------------------------------------
def test_duplicate_identity_keeps_the_dialog_open_with_everything_typed(qtbot: QtBot, ctx: ViewContext) -> None:
    _people(ctx.workspace)  # DIALLO Bintou holds CNIB B11112222
    dialog = _shown(qtbot, PartyDialog(ctx))
    dialog.name.setText("ZONGO Aïssata")
    dialog.role_boxes["fournisseur"].setChecked(True)
    dialog.sex.setCurrentIndex(dialog.sex.findData("F"))
    dialog.id_type.setCurrentIndex(dialog.id_type.findData("CNIB"))
    texts = {
        "id_number": "b11112222", "phone": "70 00 00 01", "phone2": "76 00 00 02", "village": "Lörgo",
        "commune": "Djibo", "province": "Soum", "tax_id": "00012345X", "rccm": "BF-DJB-2024-A-12",
        "trader_card": "CCB-778", "notes": "Vendeuse de lait",
    }  # fmt: skip
    for name, text in texts.items():
        dialog.findChild(QLineEdit, name).setText(text)
    dialog.credit_limit.setValue(75_000)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.result() != PartyDialog.DialogCode.Accepted
    error = dialog.findChild(QLabel, "identity_error")
    assert error.isVisible()
    assert "B11112222" in error.text() and "déjà enregistrée pour « DIALLO Bintou »" in error.text()
    assert _focus() is dialog.id_type  # the clerk is taken to the faulty field
    assert dialog.name.text() == "ZONGO Aïssata"
    for name, text in texts.items():
        assert dialog.findChild(QLineEdit, name).text() == text
    assert dialog.credit_limit.value() == 75_000
    assert dialog.sex.currentData() == "F" and dialog.id_type.currentData() == "CNIB"
    assert [k for k, box in dialog.role_boxes.items() if box.isChecked()] == ["producteur", "fournisseur"]
    dialog.id_number.setText("B99990000")  # corrected: saved
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == PartyDialog.DialogCode.Accepted


def test_feedback_as_you_type(qtbot: QtBot, ctx: ViewContext) -> None:
    dialog = _shown(qtbot, PartyDialog(ctx))
    error = dialog.findChild(QLabel, "phones_error")
    qtbot.keyClicks(dialog.phone, "70x")
    assert error.text() == "Un numéro de téléphone a de 6 à 20 chiffres (espaces, points et tirets admis)."
    dialog.phone.setText("70 12 34 56")
    assert error.text() == ""
    qtbot.keyClicks(dialog.id_number, "B1")
    assert dialog.findChild(QLabel, "identity_error").text() == "Choisissez le type de la pièce d'identité."
    dialog.role_boxes["producteur"].setChecked(False)
    assert dialog.findChild(QLabel, "roles_error").text() == "Cochez au moins un rôle."
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.findChild(QLabel, "name_error").text() == "Saisissez le nom."
    assert _focus() is dialog.name
    assert ctx.read(parties.count_parties) == 0


def test_op_refusals_show_next_to_the_field(qtbot: QtBot, ctx: ViewContext) -> None:
    union, op = _union_and_groupement(ctx.workspace)
    dialog = _shown(qtbot, OrganisationDialog.load(ctx, union))
    dialog.parent_org.set_party(op, "Groupement Benkadi")  # the union under its own groupement: a loop
    dialog.accept()
    assert dialog.isVisible()
    assert "boucle" in dialog.findChild(QLabel, "parent_error").text()
    assert dialog.name.text() == "Union de Djibo"
    dialog = _shown(qtbot, OrganisationDialog.load(ctx, op))
    dialog.tabs.setCurrentIndex(1)
    dialog.members.picker.set_party(op, "Groupement Benkadi")
    dialog.members.add_member()
    assert dialog.members.error.text() == "Une organisation ne peut pas être membre d'elle-même."
    assert dialog.members.model.rowCount() == 1


# --- (3) editing ----------------------------------------------------------------------------------
def test_edit_a_party_from_the_list(qtbot: QtBot, ctx: ViewContext, monkeypatch: pytest.MonkeyPatch) -> None:
    people = _people(ctx.workspace)
    page = _shown(qtbot, PartiesPage(ctx))

    def clerk_edits(dialog: PartyDialog) -> int:
        assert dialog.windowTitle().startswith("Tiers T-")
        assert dialog.name.text() == "DIALLO Bintou" and not dialog.kind.isEnabled()
        dialog.phone.selectAll()
        qtbot.keyClicks(dialog.phone, "76 54 32 10")
        dialog.village.setText("Lörgo")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(PartyDialog, "exec", clerk_edits)
    row = next(i for i in range(page.model.rowCount()) if page.model.row_at(i).name == "DIALLO Bintou")
    page.table.selectRow(row)
    page.table.setFocus()
    qtbot.keyClick(page.table, RETURN)
    d = ctx.read(lambda s: parties.get_party(s, people["DIALLO Bintou"])).data
    assert (d.phone, d.village, d.id_number) == ("76 54 32 10", "Lörgo", "B11112222")
    assert page.model.row_at(row).village == "Lörgo"  # the list refreshed itself


def test_deactivate_and_print_from_the_party_dialog(
    qtbot: QtBot, ctx: ViewContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = _people(ctx.workspace)
    shown: list[tuple[bytes, str, str]] = []
    monkeypatch.setattr(party_dialog, "preview_pdf", lambda parent, pdf, title, name: shown.append((pdf, title, name)))
    dialog = _shown(qtbot, PartyDialog(ctx, ctx.read(lambda s: parties.get_party(s, people["TRAORE Moussa"]))))
    assert dialog.toggle_button.text() == "Désactiver" and dialog.status.text() == "Actif"
    qtbot.mouseClick(dialog.toggle_button, Qt.MouseButton.LeftButton)
    assert not ctx.read(lambda s: parties.get_party(s, people["TRAORE Moussa"])).active
    assert dialog.toggle_button.text() == "Réactiver"
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    pdf, title, name = shown[0]
    assert pdf.startswith(b"%PDF") and title.startswith("Fiche tiers T-") and name.startswith("fiche-tiers-T-")


def test_edit_an_op_change_an_office_remove_a_member(
    qtbot: QtBot, ctx: ViewContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    union, op = _union_and_groupement(ctx.workspace)
    people = _people(ctx.workspace)
    ctx.workspace.run(lambda s: organisations.add_member(s, op, people["KABORE Adama"], office="secrétaire"))
    shown: list[str] = []
    monkeypatch.setattr(organisation_dialog, "preview_pdf", lambda parent, pdf, title, name: shown.append(title))
    upper = OrganisationDialog.load(ctx, union)
    qtbot.addWidget(upper)
    assert upper.nesting.text() == "Organisations membres (1) : Groupement de Mentao"
    dialog = _shown(qtbot, OrganisationDialog.load(ctx, op))
    assert dialog.nesting.text() == "Rattachée à : Union de Djibo (Union)"
    panel = dialog.members
    dialog.tabs.setCurrentIndex(1)
    names = [panel.model.row_at(i).name for i in range(panel.model.rowCount())]
    assert names == ["KABORE Adama", "SIDIBÉ Fatimata"]  # the bureau first
    panel.table.setFocus()
    panel.table.selectRow(1)
    qtbot.mouseClick(panel.office_button, Qt.MouseButton.LeftButton)  # opens the office editor (F2 too)
    editor = _focus()
    assert panel.table.isAncestorOf(editor)
    qtbot.keyClicks(editor, "tresoriere")
    qtbot.keyClick(editor, RETURN)  # the view commits the editor's value just after
    qtbot.waitUntil(lambda: panel.model.row_at(1).office == "tresoriere", timeout=2000)
    panel.table.selectRow(0)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert panel.model.rowCount() == 1
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert shown == [f"Liste des membres {dialog.code}"]
    assert dialog.status.text() == "Actif"
    qtbot.mouseClick(dialog.toggle_button, Qt.MouseButton.LeftButton)
    assert dialog.toggle_button.text() == "Réactiver"
    assert not ctx.read(lambda s: parties.get_party(s, op)).active
    dialog.accept()
    assert dialog.result() == OrganisationDialog.DialogCode.Accepted
    members = ctx.read(lambda s: organisations.get_organisation(s, op)).members
    assert [(m.name, m.office) for m in members] == [("SIDIBÉ Fatimata", "tresoriere")]


def test_op_row_of_the_tiers_list_opens_the_op_form(
    qtbot: QtBot, ctx: ViewContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    _union, op = _union_and_groupement(ctx.workspace)
    opened: list[int] = []
    monkeypatch.setattr(OrganisationDialog, "edit", classmethod(lambda cls, parent, c, pid: opened.append(pid)))
    page = _shown(qtbot, PartiesPage(ctx))
    row = next(r for r in page.model.all_rows() if r.id == op)
    page.activated.emit(row)
    assert opened == [op]


def _union_and_groupement(workspace: Workspace) -> tuple[int, int]:
    def work(s):
        union = organisations.create_organisation(
            s, PartyInput(name="Union de Djibo", roles=("op",)), OrganisationInput("union")
        ).id
        op = organisations.create_organisation(
            s,
            PartyInput(name="Groupement de Mentao", roles=("op",), commune="Djibo"),
            OrganisationInput("groupement", parent_id=union),
        ).id
        member = parties.create_party(s, PartyInput(name="SIDIBÉ Fatimata", sex="F", village="Lörgo")).id
        organisations.add_member(s, op, member, date(2021, 5, 1))
        return union, op

    return workspace.run(work)


# --- (4) permissions --------------------------------------------------------------------------------
def test_the_accountant_sees_but_may_not_change(qtbot: QtBot, workspace: Workspace, accountant) -> None:
    _union, op = _union_and_groupement(workspace)
    workspace.actor = accountant
    ctx = ViewContext(workspace)
    tiers = _shown(qtbot, PartiesPage(ctx))
    ops = _shown(qtbot, OrganisationsPage(ctx))
    for button in (tiers.new_button, tiers.edit_button, ops.new_button, ops.edit_button):
        assert not button.isEnabled()
        assert "Comptable" in button.toolTip() and "référentiels" in button.toolTip()
    assert ops.print_button.isEnabled()  # reading and printing stay open
    party = PartyDialog(ctx, ctx.read(lambda s: parties.get_party(s, op)))
    qtbot.addWidget(party)
    assert not party.ok_button.isEnabled() and "Comptable" in party.ok_button.toolTip()
    assert not party.toggle_button.isEnabled() and party.print_button.isEnabled()
    org = OrganisationDialog.load(ctx, op)
    qtbot.addWidget(org)
    assert not org.ok_button.isEnabled() and "Comptable" in org.ok_button.toolTip()
    assert not org.toggle_button.isEnabled() and org.print_button.isEnabled()
    assert not org.members.add_button.isEnabled() and not org.members.model.editable


# --- (5) models ------------------------------------------------------------------------------------
def test_models_pass_the_qt_model_tester(qtmodeltester, qtbot: QtBot, ctx: ViewContext) -> None:
    _union_and_groupement(ctx.workspace)
    _people(ctx.workspace)
    members = MembersTableModel(
        [
            MemberRow(1, 10, "T-00010", "SIDIBÉ Fatimata", "F", "Lörgo", date(2021, 5, 1), "présidente"),
            MemberRow(2, 11, "T-00011", "BARRY Ali", None, "", None, ""),
        ]
    )
    qtmodeltester.check(members)
    assert members.index(0, 6).data() == "01/05/2021" and members.women() == 1
    ops = _shown(qtbot, OrganisationsPage(ctx))
    qtmodeltester.check(ops.model)
    tiers = _shown(qtbot, PartiesPage(ctx))
    tiers.role_filter.setCurrentIndex(tiers.role_filter.findData("op"))
    qtmodeltester.check(tiers.model)
    dialog = OrganisationDialog(ctx)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.members.model)


def test_organisations_list_columns_search_and_sort(qtbot: QtBot, ctx: ViewContext) -> None:
    union, op = _union_and_groupement(ctx.workspace)
    page = _shown(qtbot, OrganisationsPage(ctx))
    rows = {r.name: r for r in page.model.all_rows()}
    assert rows["Groupement de Mentao"].parent == "Union de Djibo"
    assert (rows["Groupement de Mentao"].members, rows["Union de Djibo"].members) == (1, 0)
    assert rows["Union de Djibo"].legal_form == "Union"
    page.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)  # members
    assert page.model.row_at(0).id == op
    page.search.setText("mentao")
    page.refresh()
    assert page.model.total == 1 and page.count.text() == "1 ligne"
    ctx.workspace.run(lambda s: parties.set_party_active(s, union, False))
    page.search.clear()
    page.refresh()
    assert page.model.total == 1
    page.inactive.setChecked(True)
    assert page.model.total == 2


# --- (6) filters -----------------------------------------------------------------------------------
def test_role_filter_and_inactive_check_box(qtbot: QtBot, ctx: ViewContext) -> None:
    people = _people(ctx.workspace)
    _union_and_groupement(ctx.workspace)
    ctx.workspace.run(lambda s: parties.set_party_active(s, people["KABORE Adama"], False))
    page = _shown(qtbot, PartiesPage(ctx))
    assert [page.role_filter.itemText(i) for i in range(page.role_filter.count())] == [
        "Tous", "Producteurs / éleveurs", "Acheteurs", "Fournisseurs", "Organisations (OP)", "Partenaires",
    ]  # fmt: skip
    assert page.model.total == 6  # 7 parties, KABORE inactive
    page.role_filter.setFocus()
    qtbot.keyClick(page.role_filter, DOWN)  # producers
    assert {r.name for r in page.model.all_rows()} == {"SAWADOGO Awa", "TRAORE Moussa", "SIDIBÉ Fatimata"}
    qtbot.mouseClick(page.inactive, Qt.MouseButton.LeftButton)
    assert page.model.total == 4 and page.count.text() == "4 lignes"
    page.role_filter.setCurrentIndex(page.role_filter.findData("acheteur"))
    assert [r.name for r in page.model.all_rows()] == ["DIALLO Bintou"]
    page.role_filter.setCurrentIndex(page.role_filter.findData("op"))
    assert page.model.total == 2
    page.search.setText("union")
    page.refresh()
    assert page.model.total == 1


def test_new_buttons_open_the_dialogs(qtbot: QtBot, ctx: ViewContext, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(PartyDialog, "create", classmethod(lambda cls, parent, c: opened.append("party")))
    monkeypatch.setattr(OrganisationDialog, "create", classmethod(lambda cls, parent, c: opened.append("op")))
    qtbot.mouseClick(_shown(qtbot, PartiesPage(ctx)).new_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(_shown(qtbot, OrganisationsPage(ctx)).new_button, Qt.MouseButton.LeftButton)
    assert opened == ["party", "op"]


def test_members_list_printed_from_the_op_list(qtbot: QtBot, ctx: ViewContext, monkeypatch: pytest.MonkeyPatch) -> None:
    _union, op = _union_and_groupement(ctx.workspace)
    shown: list[tuple[bytes, str]] = []
    monkeypatch.setattr(organisations_page, "preview_pdf", lambda parent, pdf, title, name: shown.append((pdf, name)))
    page = _shown(qtbot, OrganisationsPage(ctx))
    page.table.selectRow(next(i for i in range(page.model.rowCount()) if page.model.row_at(i).id == op))
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    assert shown[0][0].startswith(b"%PDF") and shown[0][1].startswith("membres-T-")


def test_person_only_fields(qtbot: QtBot, ctx: ViewContext) -> None:
    dialog = _shown(qtbot, PartyDialog(ctx))
    assert not dialog.role_boxes["op"].isEnabled()  # OPs have their own form
    dialog.kind.setCurrentIndex(dialog.kind.findData("organisation"))
    assert not dialog.sex.isEnabled()
    assert isinstance(dialog.findChild(QCheckBox, "role_fournisseur"), QCheckBox)


def test_save_organisation_replaces_the_members_in_one_transaction(ctx: ViewContext) -> None:
    people = _people(ctx.workspace)
    twice = [MemberInput(people["TRAORE Moussa"]), MemberInput(people["TRAORE Moussa"], "secrétaire")]
    party = PartyInput(name="Groupement Jam", roles=("fournisseur",))
    with pytest.raises(DomainError) as refused:
        ctx.workspace.run(
            lambda s: organisations.save_organisation(s, None, party, OrganisationInput("groupement"), twice)
        )
    assert refused.value.code == "org.already_member"
    assert ctx.read(organisations.count_organisations) == 0  # nothing half-written
    row = ctx.workspace.run(
        lambda s: organisations.save_organisation(s, None, party, OrganisationInput("groupement"), twice[:1])
    )
    assert ctx.read(lambda s: parties.get_party(s, row.id)).data.roles == ("fournisseur", "op")
    again = [MemberInput(people["KABORE Adama"]), MemberInput(people["TRAORE Moussa"], "secrétaire", date(2020, 1, 1))]
    ctx.workspace.run(lambda s: organisations.save_organisation(s, row.id, party, OrganisationInput("scoops"), again))
    detail = ctx.read(lambda s: organisations.get_organisation(s, row.id))
    assert detail.legal_form == "scoops"
    assert [(m.name, m.office, m.joined_on) for m in detail.members] == [
        ("TRAORE Moussa", "secrétaire", date(2020, 1, 1)),
        ("KABORE Adama", "", None),
    ]
