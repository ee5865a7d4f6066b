"""`python -m centre_app …` is the same as the `centre-app` command."""

from __future__ import annotations

from centre_app.cli import main

main()
