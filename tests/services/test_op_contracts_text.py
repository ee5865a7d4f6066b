"""The text of OP contracts: French words for dates and amounts, parties « ci-après dénommé(e) », clause
templates edited by a manager (versioned, journaled, refusals), and the frozen text of a signed contract."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from centre_app.domain.errors import DomainError, message
from centre_app.domain.op_clauses import check_body
from centre_app.domain.op_contracts import add_months, current_end, date_in_words, duration_phrase
from centre_app.models.database import Database
from centre_app.models.system import EventEntry
from centre_app.services import integrity
from centre_app.services import op_clauses as clauses
from centre_app.services import op_contract_drafts as drafts
from centre_app.services import op_contracts as workflow
from centre_app.services.context import Actor, PermissionDenied
from tests.services.op_contract_helpers import draft, make_op, tx


def _text(db: Database, actor: Actor, contract_id: int) -> str:
    with tx(db, actor) as s:
        return "\n".join(f"{x.heading}\n{x.body}" for x in clauses.contract_sections(s, contract_id))


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (date(2026, 3, 15), "quinze mars deux mille vingt-six"),
        (date(2026, 5, 1), "premier mai deux mille vingt-six"),
        (date(2027, 8, 21), "vingt et un août deux mille vingt-sept"),
        (date(2030, 12, 31), "trente et un décembre deux mille trente"),
        (date(2026, 11, 20), "vingt novembre deux mille vingt-six"),
    ],
)
def test_dates_in_words(day: date, words: str) -> None:
    assert date_in_words(day) == words


def test_durations_and_renewals() -> None:
    assert duration_phrase(date(2026, 4, 1), date(2027, 3, 31)) == "douze (12) mois"
    assert duration_phrase(date(2026, 4, 1), date(2026, 5, 15)) == "quarante-cinq (45) jours"
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert current_end(date(2026, 4, 1), date(2027, 3, 31), True, date(2029, 1, 5)) == date(2029, 3, 31)
    assert current_end(date(2026, 4, 1), date(2027, 3, 31), False, date(2029, 1, 5)) == date(2027, 3, 31)
    assert current_end(date(2026, 4, 1), date(2026, 5, 15), True, date(2026, 6, 1)) == date(2026, 6, 29)


def test_a_draft_reads_in_french(db: Database, clerk: Actor) -> None:
    op = make_op(db, clerk)
    with tx(db, clerk) as s:
        cid = drafts.create_contract(s, draft(op)).id
    text = _text(db, clerk, cid)
    assert "ci-après dénommé « le Centre », d'une part" in text
    assert "Groupement Wendkouni de Mentao, groupement, récépissé n° GPT-2019-114" in text
    assert "représenté par DICKO Aïssata, présidente, ci-après dénommé « l'OP », d'autre part" in text
    assert "Article 1 – Objet" in text and "Article 10 – Règlement des litiges" in text
    assert "la somme de six cent mille (600 000) francs CFA" in text
    assert "Une avance de cent cinquante mille (150 000) francs CFA" in text
    assert "prend effet le premier avril deux mille vingt-six (01/04/2026)" in text
    assert "soit une durée de douze (12) mois" in text
    assert "Tribunal de grande instance de Djibo" in text and "médiation" in text
    assert "Fait à Djibo, le …………………………, en deux (2) exemplaires originaux." in text  # signed later


def test_a_feminine_op_is_denommee(db: Database, clerk: Actor) -> None:
    op = make_op(db, clerk, name="Union des éleveurs du Soum", form="union")
    with tx(db, clerk) as s:
        cid = drafts.create_contract(s, draft(op, dispute_forum="ccja")).id
    text = _text(db, clerk, cid)
    assert "représentée par DICKO Aïssata, présidente, ci-après dénommée « l'OP »" in text
    assert "arbitrage de la Cour commune de justice et d'arbitrage (CCJA) de l'OHADA" in text


def test_the_signed_text_is_frozen_when_a_template_changes(db: Database, clerk: Actor, manager: Actor) -> None:
    op = make_op(db, clerk)
    with tx(db, clerk) as s:
        signed = drafts.create_contract(s, draft(op)).id
        other = drafts.create_contract(s, draft(op)).id
    with tx(db, manager) as s:
        workflow.sign_contract(s, signed)
    before = _text(db, clerk, signed)
    assert "Fait à Djibo, le quinze mars deux mille vingt-six, en deux (2) exemplaires originaux." in before
    with tx(db, manager) as s:
        row = clauses.update_template(
            s, "objet", title="Objet du contrat",
            body="Le Centre rend à l'OP des services de {type_prestation} ({objet}) selon les règles de l'art.",
            note="Rédaction simplifiée",
        )  # fmt: skip
        assert (row.version, row.fields) == (2, ("type_prestation", "objet"))
        assert [t.version for t in clauses.template_history(s, "objet")] == [2, 1]
    assert _text(db, clerk, signed) == before  # the signed contract keeps its text
    changed = _text(db, clerk, other)  # a draft takes the new version
    assert "Article 1 – Objet du contrat\nLe Centre rend à l'OP des services de commercialisation de bétail" in changed
    with db.reading() as s:
        assert integrity.run_check(s) == []
        assert s.scalar(select(EventEntry.detail).where(EventEntry.kind == "op_clause.change")) is not None


def test_template_refusals(db: Database, clerk: Actor, manager: Actor) -> None:
    with pytest.raises(PermissionDenied), tx(db, clerk) as s:
        clauses.update_template(s, "objet", title="Objet", body="Texte")
    cases = [
        ("Le {montant_en_lettres} est dû.", "op_clause.unknown_field"),
        ("Le {montant_lettres est dû.", "op_clause.bad_braces"),
        ("   ", "field.required"),
    ]
    for body, code in cases:
        with pytest.raises(DomainError) as err, tx(db, manager) as s:
            clauses.update_template(s, "objet", title="Objet", body=body)
        assert err.value.code == code
        assert "{" not in message(err.value).replace("{nom_du_champ}", "")
    with tx(db, manager) as s:
        current = next(t for t in clauses.list_templates(s, "contrat") if t.code == "objet")
    with pytest.raises(DomainError) as err, tx(db, manager) as s:
        clauses.update_template(s, "objet", title=current.title, body=current.body)
    assert err.value.code == "op_clause.unchanged"
    with pytest.raises(DomainError) as err, tx(db, manager) as s:
        clauses.update_template(s, "inconnue", title="x", body="y")
    assert err.value.code == "op_clause.not_found"
    assert "montant_lettres" in message(_unknown_field_error())


def _unknown_field_error() -> DomainError:
    with pytest.raises(DomainError) as err:
        check_body("{montant_chiffres}")
    return err.value


def test_a_new_clause_and_a_disabled_one(db: Database, clerk: Actor, manager: Actor) -> None:
    op = make_op(db, clerk)
    with tx(db, manager) as s:
        clauses.create_template(
            s,
            "confidentialite",
            "contrat",
            125,
            "Confidentialité",
            "Les parties gardent confidentielles les informations sur les membres de l'OP.",
        )
        current = next(t for t in clauses.list_templates(s) if t.code == "annexes")
        clauses.update_template(s, "annexes", title=current.title, body=current.body, active=False)
        cid = drafts.create_contract(s, draft(op)).id
    text = _text(db, clerk, cid)
    assert "Article 12 – Confidentialité" in text and "Annexes" not in text
    with pytest.raises(DomainError) as err, tx(db, manager) as s:
        clauses.create_template(s, "confidentialite", "contrat", 126, "Bis", "Texte")
    assert err.value.code == "op_clause.code_taken"


def test_every_default_clause_of_the_spec_is_seeded(db: Database, clerk: Actor) -> None:
    with tx(db, clerk) as s:
        codes = [t.code for t in clauses.list_templates(s, "contrat")]
    for code in ("parties", "objet", "duree", "obligations_centre", "obligations_op", "prix_paiement",
                 "avances_garanties", "controle_reception", "force_majeure", "suspension_resiliation", "litiges",
                 "avenants", "annexes", "signature"):  # fmt: skip
        assert code in codes
