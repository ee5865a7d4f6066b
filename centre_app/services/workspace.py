"""One unit of work per user action, for the views and the command line.

``workspace.run(lambda s: parties.create_party(s, data))`` opens a write transaction as the
logged-in actor, commits or rolls back, and journals permission refusals in a transaction of
their own (the refused one is rolled back, the refusal must still be on record).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlalchemy.orm import Session

from centre_app.models.database import Database, display_name
from centre_app.models.migrate import open_database
from centre_app.services.context import Actor, PermissionDenied
from centre_app.services.events import record_event

T = TypeVar("T")


class Workspace:
    def __init__(self, db: Database, actor: Actor | None = None) -> None:
        self.db = db
        self.actor = actor

    @classmethod
    def open(cls, target: str | Path, *, create: bool = True) -> Workspace:
        return cls(open_database(target, create=create))

    @property
    def location(self) -> str:
        return str(self.db.path) if self.db.path is not None else display_name(self.db.url)  # no password shown

    def run(self, fn: Callable[[Session], T]) -> T:
        try:
            with self.db.transaction(self.actor) as session:
                return fn(session)
        except PermissionDenied as refusal:
            with self.db.transaction(self.actor) as session:
                record_event(session, "permission.refused", {"action": refusal.params.get("action_code", "")})
            raise

    def read(self, fn: Callable[[Session], T]) -> T:
        with self.db.reading(self.actor) as session:
            return fn(session)

    def close(self) -> None:
        self.db.dispose()
