"""Gapless numbering: allocated in the validating transaction, given back on rollback, safe under concurrency."""

from __future__ import annotations

import threading

import pytest

from centre_app.domain.errors import DomainError
from centre_app.models.database import Database
from centre_app.services import numbering
from centre_app.services import settings as settings_service
from centre_app.services.context import Actor


def test_numbers_follow_each_other_per_type_and_year(db: Database, clerk: Actor) -> None:
    with db.transaction(clerk) as s:
        assert numbering.next_number(s, "REC", 2026) == (1, "REC-2026-000001")
        assert numbering.next_number(s, "REC", 2026) == (2, "REC-2026-000002")
        assert numbering.next_number(s, "CBV", 2026) == (1, "CBV-2026-0001")
        assert numbering.next_number(s, "REC", 2027) == (1, "REC-2027-000001")


def test_a_rolled_back_validation_leaves_no_hole(db: Database, clerk: Actor) -> None:
    with db.transaction(clerk) as s:
        numbering.next_number(s, "REC", 2026)

    class Crash(Exception):
        pass

    with pytest.raises(Crash), db.transaction(clerk) as s:
        assert numbering.next_number(s, "REC", 2026)[0] == 2
        raise Crash  # e.g. the printer step or a rule fails after the number was taken
    with db.transaction(clerk) as s:
        assert numbering.next_number(s, "REC", 2026)[0] == 2
        assert numbering.last_number(s, "REC", 2026) == 2


def test_concurrent_transactions_never_share_or_skip_a_number(db: Database, clerk: Actor) -> None:
    taken: list[int] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(25):
                with db.transaction(clerk) as s:
                    seq, _ = numbering.next_number(s, "BL", 2026)
                with lock:
                    taken.append(seq)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(taken) == list(range(1, 101))


def test_custom_format_and_bad_formats(db: Database, admin: Actor) -> None:
    with db.transaction(admin) as s:
        settings_service.update_settings(s, {"numbering.REC": "R{year}/{seq:05d}"})
        assert numbering.next_number(s, "REC", 2026)[1] == "R2026/00001"
    for bad in ("REC-{year}", "REC-{annee}-{seq}"):
        with pytest.raises(DomainError) as err, db.transaction(admin) as s:
            settings_service.update_settings(s, {"numbering.REC": bad})
        assert err.value.code == "numbering.bad_format"


def test_unknown_document_type_refused(db: Database, clerk: Actor) -> None:
    with pytest.raises(DomainError) as err, db.transaction(clerk) as s:
        numbering.next_number(s, "XYZ", 2026)
    assert err.value.code == "numbering.unknown_type"
