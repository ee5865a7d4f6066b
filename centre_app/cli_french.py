"""argparse in French for the command line: its own messages (usage, refusals, help headings) translated.

argparse looks its texts up through the module-level ``_`` and ``ngettext`` (gettext) at the moment it
builds a parser or reports an error; ``french_argparse()`` swaps them for this catalogue while the
command line builds and parses, and puts them back afterwards (nothing else in the process changes).
Texts missing from the catalogue (a newer Python's wording) stay in English rather than fail.
"""

from __future__ import annotations

import argparse
import errno
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

FRENCH: dict[str, str] = {
    "usage: ": "usage : ",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "ignored explicit argument %r": "valeur %r non attendue",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "une valeur au plus est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
    "unexpected option string: %s": "option inattendue : %s",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (choix possibles : %(choices)s)",
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
}
PLURALS: dict[str, tuple[str, str]] = {"expected %s argument": ("%s valeur attendue", "%s valeurs attendues")}


def gettext_fr(text: str) -> str:
    return FRENCH.get(text, text)


def ngettext_fr(singular: str, plural: str, n: int) -> str:
    forms = PLURALS.get(singular)
    if forms is None:
        return singular if n == 1 else plural
    return forms[0] if n <= 1 else forms[1]  # French: 0 and 1 are singular


@contextmanager
def french_argparse() -> Iterator[None]:
    module: Any = argparse
    saved: tuple[Callable[..., str], Callable[..., str]] = (module._, module.ngettext)
    module._, module.ngettext = gettext_fr, ngettext_fr
    try:
        yield
    finally:
        module._, module.ngettext = saved


OS_ERRORS: dict[int, str] = {
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération non permise",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EROFS: "support en lecture seule (clé USB protégée ?)",
    errno.EISDIR: "c'est un dossier, pas un fichier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EEXIST: "existe déjà",
    errno.ENAMETOOLONG: "nom trop long",
}


def os_error_text(error: OSError) -> str:
    """A French sentence for a file that cannot be read or written (the system's own text is in English)."""
    reason = OS_ERRORS.get(error.errno or 0, f"erreur du système n° {error.errno}")
    name = error.filename if error.filename is not None else ""
    if name:
        return f"impossible d'utiliser « {name} » : {reason}. Rien n'a été enregistré."
    return f"fichier inaccessible : {reason}. Rien n'a été enregistré."
