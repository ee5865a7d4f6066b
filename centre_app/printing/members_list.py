"""« Liste des membres » of an organisation de producteurs (OP), as annexed to contracts and files.

One header block with the OP's legal facts, then one numbered line per member (the header row
repeats on every page), the head count by sex, and the signatures of the OP and of the centre.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from centre_app.domain.formatting import NBSP, format_date
from centre_app.domain.words import number_in_words
from centre_app.printing.base import (
    CONTENT_WIDTH,
    Letterhead,
    SignatureSlot,
    data_table,
    key_value_table,
    made_at,
    para,
    render,
    section_heading,
    signature_block,
)

__all__ = ["MemberLine", "MembersListData", "render_members_list"]

DOC_TITLE = "Liste des membres"


@dataclass(frozen=True)
class MemberLine:
    number: int
    name: str
    sex: str = ""  # "F", "M" or "" when not known
    village: str = ""
    office: str = ""  # fonction au bureau, "" for a plain member
    joined_on: date | None = None


@dataclass(frozen=True)
class MembersListData:
    name: str
    code: str
    legal_form: str  # label: « Groupement », « SCOOPS (société coopérative simplifiée) »…
    registration_number: str = ""
    founded_on: date | None = None
    seat: str = ""
    legal_rep: str = ""
    parent: str = ""  # the union or federation it belongs to
    members: tuple[MemberLine, ...] = ()

    @property
    def member_count(self) -> int:
        return len(self.members)

    @property
    def women(self) -> int:
        return sum(1 for m in self.members if m.sex == "F")

    @property
    def men(self) -> int:
        return sum(1 for m in self.members if m.sex == "M")


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count}{NBSP}{singular if count < 2 else plural}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _totals(data: MembersListData) -> str:
    unknown = data.member_count - data.women - data.men
    text = (
        f"Effectif{NBSP}: {_plural(data.member_count, 'membre', 'membres')}, dont "
        f"{_plural(data.women, 'femme', 'femmes')} et {_plural(data.men, 'homme', 'hommes')}"
    )
    if unknown:
        text += f" ({unknown}{NBSP}sans sexe renseigné)"
    return text + "."


_COLUMNS = ("N°", "Nom et prénom(s)", "Sexe", "Village", "Fonction au bureau", "Date d’adhésion")
_WIDTHS = (11 * mm, 58 * mm, 13 * mm, 36 * mm, 34 * mm, CONTENT_WIDTH - 152 * mm)


def _story(data: MembersListData, letterhead: Letterhead, printed_at: datetime) -> list[Flowable]:
    locale = letterhead.locale
    # Long values (name, registration, union) on the wide left, short ones on the right.
    facts: list[tuple[str, object]] = [
        ("Dénomination", data.name),
        ("Code", data.code),
        ("N° d’enregistrement", data.registration_number),
        ("Forme juridique", data.legal_form),
        ("Représentant légal", data.legal_rep),
        ("Date de création", format_date(data.founded_on, locale) if data.founded_on else ""),
        ("Union / faîtière", data.parent),
        ("Siège", data.seat),
    ]
    rows = [
        (
            str(m.number),
            m.name,
            m.sex,
            m.village,
            _capitalised(m.office),
            format_date(m.joined_on, locale) if m.joined_on else "",
        )
        for m in data.members
    ]
    story: list[Flowable] = [
        key_value_table(
            facts, columns=2, label_width=(34 * mm, 28 * mm), pair_widths=(104 * mm, CONTENT_WIDTH - 110 * mm)
        ),
        section_heading("Membres"),
    ]
    if rows:
        story.append(data_table(_COLUMNS, rows, _WIDTHS, align="RLCLLC"))
    else:
        story.append(para("Aucun membre enregistré."))
    count = data.member_count
    # The head count, the closing sentence and the signatures attest together: never apart.
    story.append(
        signature_block(
            [
                SignatureSlot("Le représentant légal de l’OP", data.legal_rep or "Nom et signature"),
                SignatureSlot("Empreinte digitale", "(à défaut de signature)", thumbprint=True),
                SignatureSlot("Pour le centre", "Nom, signature et cachet"),
            ],
            before=made_at(letterhead, printed_at),
            box_height=25 * mm,
            lead=[
                Spacer(1, 3 * mm),
                para(_totals(data), bold=True),
                para(
                    f"Arrêtée la présente liste au nombre de {number_in_words(count)} ({count}) "
                    f"{'membre' if count < 2 else 'membres'}."
                ),
            ],
        )
    )
    return story


def render_members_list(data: MembersListData, letterhead: Letterhead, printed_at: datetime) -> bytes:
    """The list as PDF bytes (A4, as many pages as needed); identical input gives identical bytes."""
    return render(
        DOC_TITLE,
        data.code,
        letterhead,
        _story(data, letterhead, printed_at),
        printed_at=printed_at,
        subtitle=f"{data.name} – {data.code}",
    )
