"""Default account mapping of the accounting exports (PRODUCT.md §9): operation key → account, per chart.

Two profiles: the SYSCOHADA révisé (OHADA countries, the default) and the Moroccan CGNC. The office edits
the mapping afterwards (``services.accounting_map``); these defaults seed it and fill any key a later
version adds. Journals (VT, AC, CA, BQ, MM, OD) are keys of the same table (kind « journal ») so that an
accountant can rename their codes to those of his software.

One account number has one label: keys sharing a number (every « vente_* » on 7011) share its label.
"""

from __future__ import annotations

from dataclasses import dataclass

CHARTS: dict[str, str] = {"SYSCOHADA": "SYSCOHADA révisé (OHADA)", "CGNC": "CGNC (Maroc)"}
DEFAULT_CHART = "SYSCOHADA"

# The journals every source writes to (key, default code = key).
JOURNALS: dict[str, str] = {
    "VT": "Journal des ventes",
    "AC": "Journal des achats",
    "CA": "Journal de caisse",
    "BQ": "Journal de banque",
    "MM": "Journal de monnaie électronique",
    "OD": "Journal des opérations diverses",
}


@dataclass(frozen=True)
class AccountKey:
    """An operation the sources book, described for the mapping editor."""

    key: str
    operation: str  # French: what is booked on it


OPERATIONS: tuple[AccountKey, ...] = (
    AccountKey("clients", "Clients : ventes livrées, factures, règlements reçus"),
    AccountKey("clients_avances", "Avances et acomptes reçus des clients (part d'un reçu non affectée)"),
    AccountKey("fournisseurs", "Fournisseurs : achats reçus, règlements versés"),
    AccountKey("mandat_vendeur", "Mandat de vente : ce que le centre doit à l'éleveur mandant (prix net)"),
    AccountKey("mandat_acheteur", "Mandat de vente : ce que l'acheteur doit au centre (prix brut et sa part)"),
    AccountKey("debours_tiers", "Débours avancés pour le compte des parties (taxe de marché, convoyage…)"),
    AccountKey("commission_betail", "Commissions sur ventes de bétail (seul revenu du centre en mandat)"),
    AccountKey("vente_cereale", "Ventes de céréales"),
    AccountKey("vente_aliment", "Ventes d'aliments du bétail"),
    AccountKey("vente_intrant", "Ventes d'autres intrants"),
    AccountKey("vente_betail", "Ventes de bétail en achat-revente"),
    AccountKey("services_vendus", "Prestations et factures saisies à la caisse, contrats OP"),
    AccountKey("rrr_accordes", "Rabais, remises et ristournes accordés"),
    AccountKey("achat_cereale", "Achats de céréales"),
    AccountKey("achat_aliment", "Achats d'aliments du bétail"),
    AccountKey("achat_intrant", "Achats d'autres intrants"),
    AccountKey("achat_betail", "Achats de bétail en achat-revente"),
    AccountKey("variation_stock", "Variation des stocks de marchandises"),
    AccountKey("stock_cereale", "Stock de céréales"),
    AccountKey("stock_aliment", "Stock d'aliments du bétail"),
    AccountKey("stock_intrant", "Stock d'autres intrants"),
    AccountKey("stock_betail", "Bétail en stock (achat-revente)"),
    AccountKey("dons_recus", "Dons reçus en nature (entrées en stock données)"),
    AccountKey("caisse_especes", "Caisse (espèces)"),
    AccountKey("banque", "Banque (virements, chèques émis)"),
    AccountKey("cheques", "Chèques reçus à encaisser"),
    AccountKey("mobile_money", "Monnaie électronique (opérateur sans compte propre)"),
    AccountKey("virements_internes", "Virements de fonds internes (caisse ↔ banque ↔ mobile money)"),
    AccountKey("frais_monnaie_electronique", "Frais de transaction mobile money supportés par le centre"),
    AccountKey("frais_bancaires", "Frais bancaires supportés par le centre"),
    AccountKey("attente_decaissements", "Décaissements sans document rattaché, à imputer par le comptable"),
    AccountKey("compensation", "Règlements par compensation entre comptes de tiers"),
    AccountKey("reglement_nature", "Règlements en nature (contrepartie des marchandises reçues)"),
    AccountKey("commission_garant", "Commissions versées aux garants"),
    AccountKey("ecart_caisse_manque", "Manquants de caisse constatés à la clôture"),
    AccountKey("ecart_caisse_excedent", "Excédents de caisse constatés à la clôture"),
)

# Mobile-money operators with an account of their own (SYSCOHADA 552x, one per operator).
OPERATOR_ACCOUNTS: dict[str, str] = {
    "Orange Money": "5521",
    "Moov Money": "5522",
    "Wave": "5523",
    "Sank Money": "5524",
    "MTN MoMo": "5525",
    "T-Money": "5526",
    "Flooz": "5527",
    "Airtel Money": "5528",
    "M-Pesa": "5529",
}


def operator_key(operator: str) -> str:
    """The mapping key of an operator's account: ``mobile_money.orange_money``."""
    slug = "".join(ch if ch.isalnum() else "_" for ch in operator.strip().lower()).strip("_")
    return f"mobile_money.{slug}"


_SYSCOHADA: dict[str, tuple[str, str]] = {
    "clients": ("4111", "Clients"),
    "clients_avances": ("4191", "Clients, avances et acomptes reçus"),
    "fournisseurs": ("4011", "Fournisseurs"),
    "mandat_vendeur": ("4731", "Mandants éleveurs (opérations pour compte de tiers)"),
    "mandat_acheteur": ("4732", "Acheteurs en mandat (opérations pour compte de tiers)"),
    "debours_tiers": ("4733", "Débours pour compte de tiers"),
    "commission_betail": ("7072", "Commissions et courtages"),
    "vente_cereale": ("7011", "Ventes de marchandises"),
    "vente_aliment": ("7011", "Ventes de marchandises"),
    "vente_intrant": ("7011", "Ventes de marchandises"),
    "vente_betail": ("7011", "Ventes de marchandises"),
    "services_vendus": ("7061", "Services vendus"),
    "rrr_accordes": ("7019", "Rabais, remises et ristournes accordés"),
    "achat_cereale": ("6011", "Achats de marchandises"),
    "achat_aliment": ("6011", "Achats de marchandises"),
    "achat_intrant": ("6011", "Achats de marchandises"),
    "achat_betail": ("6011", "Achats de marchandises"),
    "variation_stock": ("6031", "Variation des stocks de marchandises"),
    "stock_cereale": ("3111", "Marchandises : céréales"),
    "stock_aliment": ("3112", "Marchandises : aliments du bétail"),
    "stock_intrant": ("3118", "Marchandises : autres intrants"),
    "stock_betail": ("3113", "Marchandises : bétail"),
    "dons_recus": ("7181", "Autres subventions d'exploitation (dons en nature)"),
    "caisse_especes": ("5711", "Caisse"),
    "banque": ("5211", "Banque"),
    "cheques": ("5131", "Chèques à encaisser"),
    "mobile_money": ("5520", "Monnaie électronique"),
    "virements_internes": ("5851", "Virements de fonds"),
    "frais_monnaie_electronique": ("6317", "Frais sur instruments de monnaie électronique"),
    "frais_bancaires": ("6318", "Autres frais bancaires"),
    "attente_decaissements": ("4711", "Débiteurs divers : décaissements à imputer"),
    "compensation": ("4718", "Compensations entre comptes de tiers"),
    "reglement_nature": ("4719", "Règlements en nature à imputer"),
    "commission_garant": ("6322", "Commissions et courtages sur ventes"),
    "ecart_caisse_manque": ("6588", "Autres charges diverses"),
    "ecart_caisse_excedent": ("7588", "Autres produits divers"),
}
_SYSCOHADA.update(
    {operator_key(op): (number, f"Monnaie électronique {op}") for op, number in OPERATOR_ACCOUNTS.items()}
)

_CGNC: dict[str, tuple[str, str]] = {
    "clients": ("3421", "Clients"),
    "clients_avances": ("4421", "Clients : avances et acomptes reçus"),
    "fournisseurs": ("4411", "Fournisseurs"),
    "mandat_vendeur": ("4488", "Divers créanciers : mandants éleveurs"),
    "mandat_acheteur": ("3488", "Divers débiteurs : acheteurs en mandat"),
    "debours_tiers": ("3487", "Débours pour compte de tiers"),
    "commission_betail": ("7124", "Ventes de services produits au Maroc"),
    "vente_cereale": ("7111", "Ventes de marchandises au Maroc"),
    "vente_aliment": ("7111", "Ventes de marchandises au Maroc"),
    "vente_intrant": ("7111", "Ventes de marchandises au Maroc"),
    "vente_betail": ("7111", "Ventes de marchandises au Maroc"),
    "services_vendus": ("7124", "Ventes de services produits au Maroc"),
    "rrr_accordes": ("7119", "Rabais, remises et ristournes accordés par l'entreprise"),
    "achat_cereale": ("6111", "Achats de marchandises"),
    "achat_aliment": ("6111", "Achats de marchandises"),
    "achat_intrant": ("6111", "Achats de marchandises"),
    "achat_betail": ("6111", "Achats de marchandises"),
    "variation_stock": ("6114", "Variation de stocks de marchandises"),
    "stock_cereale": ("3111", "Marchandises"),
    "stock_aliment": ("3111", "Marchandises"),
    "stock_intrant": ("3111", "Marchandises"),
    "stock_betail": ("3111", "Marchandises"),
    "dons_recus": ("7161", "Subventions d'exploitation reçues"),
    "caisse_especes": ("5161", "Caisses"),
    "banque": ("5141", "Banques"),
    "cheques": ("5111", "Chèques et valeurs à encaisser"),
    "mobile_money": ("5148", "Autres établissements financiers"),
    "virements_internes": ("5115", "Virements de fonds"),
    "frais_monnaie_electronique": ("6147", "Services bancaires"),
    "frais_bancaires": ("6147", "Services bancaires"),
    "attente_decaissements": ("3497", "Comptes transitoires ou d'attente (actif)"),
    "compensation": ("4497", "Comptes transitoires ou d'attente (passif)"),
    "reglement_nature": ("4497", "Comptes transitoires ou d'attente (passif)"),
    "commission_garant": ("6136", "Rémunérations d'intermédiaires et honoraires"),
    "ecart_caisse_manque": ("6588", "Autres charges non courantes"),
    "ecart_caisse_excedent": ("7588", "Autres produits non courants"),
}

DEFAULT_ACCOUNTS: dict[str, dict[str, tuple[str, str]]] = {"SYSCOHADA": _SYSCOHADA, "CGNC": _CGNC}


def default_rows(chart: str) -> list[tuple[str, str, str, str]]:
    """(key, kind, number, label) of a chart's defaults: the journals, then the accounts."""
    rows = [(f"journal.{code}", "journal", code, label) for code, label in JOURNALS.items()]
    rows += [(key, "compte", number, label) for key, (number, label) in DEFAULT_ACCOUNTS[chart].items()]
    return rows


def operation_label(key: str) -> str:
    """What a key books, in French (journals and per-operator keys included)."""
    if key.startswith("journal."):
        return JOURNALS.get(key.removeprefix("journal."), key)
    if key.startswith("mobile_money."):
        return "Monnaie électronique d'un opérateur"
    return next((k.operation for k in OPERATIONS if k.key == key), key)
