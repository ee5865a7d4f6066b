"""``contains_ci``: the search boxes' « contains », whatever the case, wildcards typed by the user taken literally."""

from __future__ import annotations

from sqlalchemy import column, literal_column, select, table

from centre_app.models.database import Database
from centre_app.models.search import contains_ci

WORDS = table("words", column("text"))


def _matching(db: Database, word: str) -> list[str]:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TEMP TABLE IF NOT EXISTS words (text VARCHAR)")
        conn.exec_driver_sql("DELETE FROM words")
        for text in ("SAWADOGO Hawa", "sawadogo hawa", "100 % maïs", "REC_2026", "a/b", "OUEDRAOGO", None):
            conn.execute(WORDS.insert().values(text=text))
        rows = conn.execute(select(WORDS.c.text).where(contains_ci(WORDS.c.text, word)).order_by(literal_column("1")))
        return sorted(r[0] for r in rows)


def test_contains_whatever_the_case(db: Database) -> None:
    assert _matching(db, "sawadogo") == ["SAWADOGO Hawa", "sawadogo hawa"]
    assert _matching(db, "HAWA") == ["SAWADOGO Hawa", "sawadogo hawa"]
    assert _matching(db, "ouedr") == ["OUEDRAOGO"]


def test_wildcards_typed_are_plain_characters(db: Database) -> None:
    assert _matching(db, "%") == ["100 % maïs"]
    assert _matching(db, "_") == ["REC_2026"]
    assert _matching(db, "c_2") == ["REC_2026"]
    assert _matching(db, "/") == ["a/b"]
    assert _matching(db, "x%") == []
