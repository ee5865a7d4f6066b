"""What every page receives: the workspace (unit of work), the user, and a change signal.

``run_op(parent, ctx, fn, areas)`` is the only way a slot writes: one transaction, a French message
box for a refusal, a logged report for an unexpected error (the transaction is rolled back, nothing
is half-written), then ``ctx.changed`` tells pages which areas to refresh.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from centre_app.domain.errors import DomainError, message
from centre_app.domain.permissions import Action, allowed, refusal_reason
from centre_app.services.context import Actor
from centre_app.services.settings import CentreSettings, get_settings
from centre_app.services.workspace import Workspace
from centre_app.views.i18n import _

T = TypeVar("T")
log = logging.getLogger("centre_app")


class ViewContext(QObject):
    changed = Signal(set)  # names of the areas whose data changed: {"parties", "products", ...}

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace

    @property
    def actor(self) -> Actor | None:
        return self.workspace.actor

    def can(self, action: Action) -> bool:
        return self.actor is not None and allowed(self.actor.role, action)

    def why_not(self, action: Action) -> str:
        if self.actor is None:
            return _("Log in first.")
        return refusal_reason(self.actor.role, action) or ""

    def settings(self) -> CentreSettings:
        return self.workspace.read(get_settings)

    def read(self, fn: Callable[[Any], T]) -> T:
        return self.workspace.read(fn)


def show_error(parent: QWidget | None, error: DomainError) -> None:
    QMessageBox.warning(parent, _("Action refused"), message(error))


def run_op(parent: QWidget | None, ctx: ViewContext, fn: Callable[[Any], T], areas: set[str] | None = None) -> T | None:
    """Run one write as the logged-in user. Returns the result, or None when it was refused."""
    try:
        result = ctx.workspace.run(fn)
    except DomainError as error:
        show_error(parent, error)
        return None
    except Exception:
        log.exception("unexpected error during an operation")
        QMessageBox.critical(
            parent,
            _("Unexpected error"),
            _("The operation failed and nothing was saved. The details were written to the log file."),
        )
        raise
    if areas:
        ctx.changed.emit(set(areas))
    return result
