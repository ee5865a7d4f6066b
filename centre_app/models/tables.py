"""Imports every table module so that ``Base.metadata`` is complete (migrations, tests)."""

from __future__ import annotations

from centre_app.models import (  # noqa: F401
    accounting,
    cash,
    catalog,
    livestock,
    livestock_ref,
    op_contracts,
    parties,
    stock,
    system,
)
from centre_app.models.base import Base

metadata = Base.metadata
