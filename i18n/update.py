"""Refresh the French catalogues from the source: `python i18n/update.py` (then fill the empty msgstr).

Each message goes to i18n/fr/<module>.po of the first screen module that uses it; translations
already made anywhere are kept. Prints the messages still without French text; exit 1 if any.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from centre_app.views.i18n import extract_messages  # noqa: E402

FR = ROOT / "i18n" / "fr"


def main() -> int:
    known: dict[str, str] = {}
    for path in sorted(FR.glob("*.po")):
        with path.open("rb") as fh:
            known.update({str(m.id): str(m.string) for m in read_po(fh, locale="fr") if m.id and m.string})
    by_module: dict[str, Catalog] = {}
    for text, places in sorted(extract_messages().items()):
        module = places[0][0]
        cat = by_module.setdefault(module, Catalog(locale="fr", project="centre_app", fuzzy=False))
        cat.add(text, known.get(text, ""), locations=[(f"centre_app/views/{m}.py", line) for m, line in places])
    FR.mkdir(parents=True, exist_ok=True)
    for stale in {p.stem for p in FR.glob("*.po")} - set(by_module):
        (FR / f"{stale}.po").unlink()
    missing = []
    for module, cat in by_module.items():
        with (FR / f"{module}.po").open("wb") as fh:
            write_po(fh, cat, omit_header=True, sort_output=True, width=110)
        missing += [f"{module}: {m.id}" for m in cat if m.id and not m.string]
    for line in missing:
        print("sans traduction —", line)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
