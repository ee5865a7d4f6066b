"""Centre de services: office application for agro-pastoral service centres."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "centre_app"
# Schema the code expects; migrations bring older files up to it.
