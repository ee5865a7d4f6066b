"""Imports every table module so that ``Base.metadata`` is complete (migrations, tests)."""

from __future__ import annotations

from centre_app.models import cash, catalog, livestock_ref, parties, stock, system  # noqa: F401
from centre_app.models.base import Base

metadata = Base.metadata
