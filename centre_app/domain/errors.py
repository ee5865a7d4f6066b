"""Business errors as ids with parameters; French text is produced at the edge.

Services raise ``DomainError("stock.insufficient", product=..., available=...)``.
Views and the command line call :func:`message` to show a French sentence.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A refusal by a business rule. Never means lost data: nothing was saved."""

    def __init__(self, error_code: str, /, **params: Any) -> None:
        super().__init__(error_code)
        self.code = error_code
        self.params = params

    def __str__(self) -> str:  # French, so a log or a CLI shows the real sentence
        return message(self)

    def __repr__(self) -> str:
        return f"DomainError({self.code!r}, {self.params!r})"


def message(error: DomainError) -> str:
    """The French sentence for an error, with its parameters filled in."""
    from centre_app.domain.messages import MESSAGES

    template = MESSAGES.get(error.code)
    if template is None:
        return f"Opération refusée ({error.code})."
    try:
        return template.format(**error.params)
    except (KeyError, IndexError, ValueError):
        # A missing parameter must not hide the refusal itself.
        return template
