"""The text of an OP contract, assembled from French clause templates with the contract's facts.

A template is a title and a body with fields in braces (« {montant_lettres} »). :data:`FIELDS` lists
what a body may use; :func:`check_body` refuses anything else; :func:`contract_fields` computes the values
from :class:`ContractFacts` (parties « ci-après dénommé(e) », amounts in figures and words, dates in words);
:func:`assemble` numbers the articles and fills every template. The default templates below seed a new
database; the office edits them afterwards (versioned), and a signed contract keeps its own text.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date

from centre_app.domain.errors import DomainError
from centre_app.domain.formatting import format_date, format_money
from centre_app.domain.op_contracts import count_phrase, date_in_words, duration_phrase
from centre_app.domain.words import amount_phrase

KINDS = {"contrat": "Contrat", "avenant": "Avenant"}
UNNUMBERED = frozenset({"parties", "signature", "av_parties", "av_signature"})
BLANK = "…………………………"

FIELDS: dict[str, str] = {
    "numero_contrat": "numéro du contrat (COP-2026-0003)",
    "type_prestation": "type de prestation, en minuscules",
    "objet": "objet du contrat (ou de l'avenant)",
    "centre_designation": "désignation complète du centre et de son représentant",
    "op_designation": "désignation complète de l'OP et de son représentant",
    "op_denomme": "« dénommé » ou « dénommée » selon la forme juridique de l'OP",
    "date_effet": "date d'effet en chiffres",
    "date_effet_lettres": "date d'effet en lettres",
    "date_fin": "date de fin en chiffres",
    "date_fin_lettres": "date de fin en lettres",
    "duree": "durée en lettres et en chiffres",
    "preavis": "préavis en lettres et en chiffres",
    "reconduction": "phrase sur la tacite reconduction",
    "obligations_centre": "liste des obligations du centre",
    "obligations_op": "liste des obligations de l'OP",
    "indicateurs": "liste des indicateurs de performance",
    "montant": "montant prévu en chiffres",
    "montant_lettres": "montant prévu en lettres et en chiffres",
    "modalites_paiement": "modalités de paiement",
    "echeancier": "liste des échéances",
    "avance": "phrase sur l'avance",
    "garanties": "garanties",
    "juridiction": "juridiction compétente ou arbitrage CCJA",
    "lieu": "lieu de signature",
    "date_signature": "date de signature en chiffres",
    "date_signature_lettres": "date de signature en lettres",
    "exemplaires": "nombre d'exemplaires originaux en lettres et en chiffres",
    "numero_avenant": "numéro de l'avenant (1, 2…)",
    "objet_contrat": "objet du contrat modifié par l'avenant",
    "date_signature_contrat_lettres": "date de signature du contrat modifié, en lettres",
    "modifications": "liste des modifications apportées par l'avenant",
}


@dataclass(frozen=True)
class ClauseTemplate:
    code: str
    kind: str  # contrat / avenant
    position: int
    title: str
    body: str
    version: int = 1
    active: bool = True


@dataclass(frozen=True)
class Section:
    """One part of the assembled text: « Article 3 – Obligations du centre » and its body."""

    code: str
    heading: str
    body: str


@dataclass(frozen=True)
class ContractFacts:
    """What the text says, gathered by the service (amounts in minor units, display-ready labels)."""

    number: str  # "" for a draft
    service_label: str
    object: str
    centre_designation: str
    op_designation: str
    op_feminine: bool
    effect_date: date
    end_date: date
    notice_days: int
    tacit_renewal: bool
    amount: int
    payment_terms: str
    schedule: tuple[tuple[date, int, str], ...]  # due date, amount, label
    obligations: tuple[tuple[str, str, str, date | None], ...]  # side, deliverable, quantity, due date
    indicators: tuple[tuple[str, str], ...]  # name, target with its unit
    advance: int
    guarantees: str
    dispute_forum: str  # tribunal / ccja
    court: str
    place: str
    signature_date: date | None
    copies: int
    currency: str = "XOF"
    locale: str = "fr_BF"
    # an avenant
    amendment_no: int = 0
    parent_number: str = ""
    parent_object: str = ""
    parent_signature_date: date | None = None
    previous_end_date: date | None = None


def check_body(text: str) -> list[str]:
    """The fields a template body uses; refuses unknown fields and unbalanced braces (French messages)."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        raise DomainError("op_clause.bad_braces") from None
    used: list[str] = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in FIELDS or spec or conversion:
            raise DomainError("op_clause.unknown_field", field=name or "{}", fields=", ".join(sorted(FIELDS)))
        used.append(name)
    return used


def _money(amount: int, facts: ContractFacts) -> str:
    return format_money(amount, facts.currency, facts.locale)


def _day(d: date | None, facts: ContractFacts) -> str:
    return format_date(d, facts.locale) if d else BLANK


def _words(d: date | None) -> str:
    return date_in_words(d) if d else BLANK


Item = str | tuple[str, list[str]]  # a line, or a line introducing sub-lines


def _bullets(items: list[Item], empty: str) -> str:
    """« – » lines (sub-lines « • »), each ending with « ; », the last one with « . »; a line that introduces
    sub-lines ends with « : »."""
    if not items:
        return f"– {empty}."
    flat: list[tuple[str, bool]] = []  # (text, introduces sub-lines)
    for item in items:
        if isinstance(item, str):
            flat.append((f"– {item}", False))
        else:
            flat.append((f"– {item[0]} :", True))
            flat += [(f"• {sub}", False) for sub in item[1]]
    last = max((i for i, (_text, intro) in enumerate(flat) if not intro), default=-1)
    return "\n".join(text if intro else f"{text}{'.' if i == last else ' ;'}" for i, (text, intro) in enumerate(flat))


def _obligation_lines(facts: ContractFacts, side: str) -> list[str]:
    lines = []
    for who, deliverable, quantity, due in facts.obligations:
        if who != side:
            continue
        text = deliverable.rstrip(" .;")
        if quantity:
            text += f" ({quantity})"
        if due:
            text += f", au plus tard le {_day(due, facts)}"
        lines.append(text)
    return lines


def _obligations(facts: ContractFacts, side: str) -> str:
    return _bullets(list(_obligation_lines(facts, side)), "exécuter de bonne foi les engagements du présent contrat")


def _schedule_lines(facts: ContractFacts) -> list[str]:
    return [
        f"{'1re' if i == 1 else f'{i}e'} échéance le {_day(due, facts)} : {_money(amount, facts)}"
        + (f" ({label.rstrip(' .;')})" if label else "")
        for i, (due, amount, label) in enumerate(facts.schedule, start=1)
    ]


def _schedule(facts: ContractFacts) -> str:
    return _bullets(list(_schedule_lines(facts)), "paiement en une fois à la fin de la prestation")


def _modifications(facts: ContractFacts) -> str:
    items: list[Item] = []
    if facts.previous_end_date and facts.end_date != facts.previous_end_date:
        items.append(
            f"la date de fin du contrat, fixée au {_day(facts.previous_end_date, facts)}, est portée au "
            f"{date_in_words(facts.end_date)} ({_day(facts.end_date, facts)})"
        )
    if facts.amount:
        items.append(f"le montant du contrat est augmenté de {amount_phrase(facts.amount, facts.currency)}")
    if facts.schedule:
        items.append(("les échéances suivantes sont ajoutées à l'échéancier", _schedule_lines(facts)))
    for side, who in (("centre", "le Centre"), ("op", "l'OP")):
        if any(o[0] == side for o in facts.obligations):
            items.append((f"{who} prend les engagements complémentaires suivants", _obligation_lines(facts, side)))
    return _bullets(items, "aucune modification chiffrée ; voir l'objet ci-dessus")


def contract_fields(facts: ContractFacts) -> dict[str, str]:
    """Every field of :data:`FIELDS`, filled from the facts."""
    notice = count_phrase(facts.notice_days, "jour" if facts.notice_days == 1 else "jours")
    if facts.tacit_renewal:
        renewal = (
            "À son terme, il est renouvelé par tacite reconduction pour une durée identique, sauf dénonciation "
            f"par l'une des parties, par écrit, au moins {notice} avant l'échéance."
        )
    else:
        renewal = (
            "Il n'est pas renouvelable par tacite reconduction : sa prolongation ne peut résulter que d'un avenant "
            "signé par les deux parties."
        )
    if facts.dispute_forum == "ccja":
        forum = (
            "à l'arbitrage de la Cour commune de justice et d'arbitrage (CCJA) de l'OHADA, conformément à son "
            "règlement d'arbitrage"
        )
    else:
        forum = (
            f"devant la juridiction compétente ({facts.court})" if facts.court else "devant la juridiction compétente"
        )
    advance = (
        f"Une avance de {amount_phrase(facts.advance, facts.currency)} est versée par l'OP à la signature ; elle "
        "s'impute sur les premières échéances."
        if facts.advance
        else "Aucune avance n'est prévue au présent contrat."
    )
    indicators: list[Item] = [f"{name} : objectif {target}" for name, target in facts.indicators]
    return {
        "numero_contrat": facts.parent_number or facts.number or BLANK,
        "type_prestation": facts.service_label[:1].lower() + facts.service_label[1:],
        "objet": facts.object.rstrip(" ."),
        "centre_designation": facts.centre_designation,
        "op_designation": facts.op_designation,
        "op_denomme": "dénommée" if facts.op_feminine else "dénommé",
        "date_effet": _day(facts.effect_date, facts),
        "date_effet_lettres": date_in_words(facts.effect_date),
        "date_fin": _day(facts.end_date, facts),
        "date_fin_lettres": date_in_words(facts.end_date),
        "duree": duration_phrase(facts.effect_date, facts.end_date),
        "preavis": notice,
        "reconduction": renewal,
        "obligations_centre": _obligations(facts, "centre"),
        "obligations_op": _obligations(facts, "op"),
        "indicateurs": _bullets(indicators, "aucun indicateur chiffré n'est retenu"),
        "montant": _money(facts.amount, facts),
        "montant_lettres": amount_phrase(facts.amount, facts.currency),
        "modalites_paiement": facts.payment_terms.strip() or "Les paiements sont faits à la caisse du Centre.",
        "echeancier": _schedule(facts),
        "avance": advance,
        "garanties": facts.guarantees.strip() or "Aucune garantie particulière n'est exigée.",
        "juridiction": forum,
        "lieu": facts.place,
        "date_signature": _day(facts.signature_date, facts),
        "date_signature_lettres": _words(facts.signature_date),
        "exemplaires": count_phrase(facts.copies),
        "numero_avenant": str(facts.amendment_no) if facts.amendment_no else BLANK,
        "objet_contrat": facts.parent_object.rstrip(" ."),
        "date_signature_contrat_lettres": _words(facts.parent_signature_date),
        "modifications": _modifications(facts),
    }


def assemble(templates: list[ClauseTemplate], facts: ContractFacts) -> list[Section]:
    """The text: active templates in order, articles numbered, fields filled."""
    fields = contract_fields(facts)
    out: list[Section] = []
    article = 0
    for t in sorted(templates, key=lambda t: (t.position, t.code)):
        if not t.active:
            continue
        if t.code in UNNUMBERED:
            heading = t.title
        else:
            article += 1
            heading = f"Article {article}{' – ' + t.title if t.title else ''}"
        out.append(Section(t.code, heading, t.body.format_map(fields).strip()))
    return out


def _t(code: str, kind: str, position: int, title: str, *body: str) -> ClauseTemplate:
    return ClauseTemplate(code, kind, position, title, "\n".join(body))


DEFAULT_CLAUSES: tuple[ClauseTemplate, ...] = (
    _t("parties", "contrat", 10, "Entre les soussignés",
       "{centre_designation}, ci-après dénommé « le Centre », d'une part,", "", "ET", "",
       "{op_designation}, ci-après {op_denomme} « l'OP », d'autre part,", "",
       "il a été convenu et arrêté ce qui suit :"),
    _t("objet", "contrat", 20, "Objet",
       "Le présent contrat a pour objet de définir les conditions dans lesquelles le Centre fournit à l'OP une "
       "prestation de services de {type_prestation} : {objet}."),
    _t("duree", "contrat", 30, "Durée",
       "Le présent contrat prend effet le {date_effet_lettres} ({date_effet}) et prend fin le {date_fin_lettres} "
       "({date_fin}), soit une durée de {duree}. {reconduction}"),
    _t("obligations_centre", "contrat", 40, "Obligations du Centre",
       "Le Centre s'engage à :", "{obligations_centre}",
       "Il informe l'OP sans délai de toute difficulté susceptible de retarder l'exécution de ses engagements."),
    _t("obligations_op", "contrat", 50, "Obligations de l'OP",
       "L'OP s'engage à :", "{obligations_op}",
       "Elle désigne parmi les membres de son bureau un interlocuteur chargé du suivi du présent contrat."),
    _t("prix_paiement", "contrat", 60, "Prix et modalités de paiement",
       "En contrepartie des prestations, l'OP verse au Centre la somme de {montant_lettres}. "
       "{modalites_paiement}", "Les paiements sont effectués selon l'échéancier suivant (annexe 1) :",
       "{echeancier}", "Chaque paiement donne lieu à la délivrance d'un reçu numéroté par la caisse du Centre. "
       "Toute échéance non réglée à sa date est signalée en retard dans le suivi du contrat."),
    _t("avances_garanties", "contrat", 70, "Avances et garanties", "{avance} {garanties}"),
    _t("controle_reception", "contrat", 80, "Contrôle et réception",
       "Chaque prestation ou livraison fait l'objet d'un constat contradictoire signé par les deux parties "
       "(bon de livraison, procès-verbal de réception ou liste de présence). L'OP dispose de sept (7) jours à "
       "compter de la réception pour formuler par écrit ses réserves ; passé ce délai, la prestation est réputée "
       "acceptée. L'exécution est suivie chaque trimestre à l'aide des indicateurs suivants (annexe 3) :",
       "{indicateurs}"),
    _t("force_majeure", "contrat", 90, "Force majeure",
       "Aucune des parties n'est tenue pour responsable d'un manquement à ses obligations dû à un cas de force "
       "majeure, notamment l'insécurité, les catastrophes naturelles, les épizooties ou les décisions de "
       "l'autorité publique. La partie qui l'invoque en informe l'autre par écrit dans les huit (8) jours ; "
       "les obligations affectées sont suspendues pendant la durée de l'empêchement."),
    _t("suspension_resiliation", "contrat", 100, "Suspension et résiliation",
       "En cas de manquement grave de l'une des parties à ses obligations, l'autre partie peut, après une mise en "
       "demeure restée sans effet pendant {preavis}, suspendre l'exécution du contrat ou le résilier de plein "
       "droit par lettre remise contre décharge. Les prestations exécutées et les sommes échues avant la "
       "résiliation restent dues."),
    _t("litiges", "contrat", 110, "Règlement des litiges",
       "Les parties s'efforcent de régler à l'amiable tout différend né de l'interprétation ou de l'exécution du "
       "présent contrat. À défaut d'accord dans un délai de trente (30) jours, le différend est soumis à la "
       "médiation d'une personne choisie d'un commun accord (autorité coutumière, faîtière des OP ou service "
       "technique de l'État). En cas d'échec de la médiation, le litige est porté {juridiction}."),
    _t("avenants", "contrat", 120, "Avenants",
       "Toute modification du présent contrat fait l'objet d'un avenant écrit, numéroté et signé par les deux "
       "parties. Les avenants font partie intégrante du contrat."),
    _t("annexes", "contrat", 130, "Annexes",
       "Font partie intégrante du présent contrat : l'annexe 1 (échéancier de paiement), l'annexe 2 "
       "(obligations des parties), l'annexe 3 (indicateurs de performance) et, le cas échéant, les pièces "
       "jointes (statuts et récépissé de l'OP, procès-verbal de désignation de son représentant)."),
    _t("signature", "contrat", 200, "",
       "Fait à {lieu}, le {date_signature_lettres}, en {exemplaires} exemplaires originaux."),
    _t("av_parties", "avenant", 10, "Entre les soussignés",
       "{centre_designation}, ci-après dénommé « le Centre », d'une part,", "", "ET", "",
       "{op_designation}, ci-après {op_denomme} « l'OP », d'autre part,", "",
       "il a été convenu ce qui suit :"),
    _t("av_objet", "avenant", 20, "Objet de l'avenant",
       "Le présent avenant n° {numero_avenant} modifie le contrat n° {numero_contrat} signé le "
       "{date_signature_contrat_lettres}, ayant pour objet : {objet_contrat}. Il a pour objet : {objet}."),
    _t("av_modifications", "avenant", 30, "Modifications", "Le contrat est modifié comme suit :", "{modifications}"),
    _t("av_autres", "avenant", 40, "Autres dispositions",
       "Le présent avenant prend effet le {date_effet_lettres} ({date_effet}). Toutes les clauses du contrat "
       "initial qu'il ne modifie pas demeurent applicables."),
    _t("av_signature", "avenant", 200, "",
       "Fait à {lieu}, le {date_signature_lettres}, en {exemplaires} exemplaires originaux."),
)  # fmt: skip
