"""French text of every DomainError code (the catalogue the edges use)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # money
    "money.not_integer": "Le montant « {value} » n'est pas un nombre entier de {unit}.",
    "money.invalid": "Le montant « {value} » n'est pas valide.",
    "money.negative": "Le montant ne peut pas être négatif ({value}).",
    "money.not_positive": "Le montant doit être supérieur à zéro.",
    "money.currency_mismatch": "Impossible de combiner des montants en {left} et en {right}.",
    "money.unknown_currency": "Devise inconnue : {currency}.",
    "money.too_large": "Le montant {value} dépasse la limite autorisée.",
    # generic
    "field.required": "Le champ « {field} » est obligatoire.",
    "field.too_long": "Le champ « {field} » dépasse {max} caractères.",
    "field.invalid": "La valeur du champ « {field} » n'est pas valide : {value}.",
    "not_found": "{entity} introuvable ({key}).",
    # database
    "db.too_new": (
        "Cette base de données a été créée par une version plus récente de l'application "
        "(schéma {revision}). Installez la dernière version avant de l'ouvrir."
    ),
    "db.missing": "La base de données {path} n'existe pas.",
    "db.not_a_file": "{path} est un dossier, pas une base de données.",
    "db.not_sqlite": "Le fichier {path} n'est pas une base de données de l'application.",
    "db.locked": "La base de données est occupée par un autre poste. Réessayez dans un instant.",
    # users and permissions
    "auth.bad_credentials": "Nom d'utilisateur ou mot de passe incorrect.",
    "auth.locked": (
        "Compte bloqué après {attempts} essais infructueux. Réessayez après {until} "
        "ou demandez à l'administrateur de le débloquer."
    ),
    "auth.inactive": "Ce compte est désactivé.",
    "auth.weak_password": "Le mot de passe doit contenir au moins {min} caractères.",
    "auth.username_taken": "Le nom d'utilisateur « {username} » est déjà utilisé.",
    "auth.no_actor": "Aucun utilisateur connecté : opération refusée.",
    "auth.last_admin": "Impossible : il doit rester au moins un administrateur actif.",
    "permission.denied": "Action refusée : le rôle « {role} » ne permet pas de {action}.",
    # numbering
    "numbering.bad_format": "Format de numérotation invalide : « {format} » (il doit contenir {{seq}}).",
    "numbering.unknown_type": "Type de document inconnu pour la numérotation : {doc_type}.",
    # parties and master data
    "party.duplicate_identity": (
        "La pièce d'identité {id_type} n° {id_number} est déjà enregistrée pour « {other} » ({code})."
    ),
    "party.has_history": (
        "« {name} » a déjà un historique ({what}) : il ne peut pas être supprimé. Désactivez-le plutôt."
    ),
    "party.bad_role": "Rôle de tiers inconnu : {role}.",
    "party.bad_sex": "Le sexe doit être F ou M.",
    "party.sex_for_person_only": "Le sexe ne s'indique que pour une personne.",
    "party.bad_id_type": "Type de pièce d'identité inconnu : {id_type}.",
    "party.id_number_without_type": "Indiquez le type de la pièce d'identité.",
    "party.bad_phone": "Numéro de téléphone invalide : « {phone} ».",
    "org.bad_legal_form": "Forme juridique inconnue : {legal_form}.",
    "org.not_an_organisation": "« {name} » n'est pas une organisation de producteurs.",
    "org.cycle": "« {child} » ne peut pas être rattachée à « {parent} » : cela créerait une boucle.",
    "org.already_member": "« {member} » est déjà membre de « {organisation} ».",
    "org.member_is_self": "Une organisation ne peut pas être membre d'elle-même.",
    "product.duplicate_code": "Le code produit « {code} » existe déjà.",
    "product.bad_category": "Catégorie de produit inconnue : {category}.",
    "product.duplicate_unit": "Le produit a déjà une unité « {unit} ».",
    "product.bad_factor": "Le facteur de conversion de « {unit} » doit être positif.",
    "price.bad_unit": "Le produit « {product} » n'a pas d'unité « {unit} ».",
    "price.none": "Aucun prix valide pour « {product} » ({unit}) dans la liste « {price_list} » au {date}.",
    "warehouse.duplicate_code": "Le code magasin « {code} » existe déjà.",
    "settings.unknown_country": "Pays inconnu : {country}.",
    "settings.unknown_key": "Paramètre inconnu : {key}.",
    # quantities and periods
    "quantity.unknown_unit": "L'unité « {unit} » n'existe pas pour {product}.",
    "quantity.invalid": "La quantité « {value} » n'est pas un nombre valide.",
    "quantity.ambiguous": "La quantité « {value} » est ambiguë : écrivez par exemple 1200 ou 1,2.",
    "quantity.negative": "La quantité ne peut pas être négative ({value}).",
    "quantity.too_precise": "La quantité {value} a trop de décimales (au plus {decimals}).",
    "quantity.too_large": "La quantité {value} dépasse la limite autorisée.",
    "period.invalid_month": "Mois invalide : « {value} » (format attendu : AAAA-MM, par exemple 2026-11).",
    "period.invalid": "Période invalide : la fin ({end}) doit être après le début ({start}).",
    "cli.demo_exists": "La base {path} existe déjà : choisissez un autre fichier pour la démonstration.",
    "export.bad_format": "Format d'export non pris en charge ({suffix}) : choisissez .xlsx ou .csv.",
    # catalogue and livestock reference tables (référentiels screens)
    "product.factor_invalid": (
        "Facteur « {value} » invalide : indiquez un nombre positif d'unités de base, par exemple 50 ou 17,5."
    ),
    "price_list.duplicate_code": "Le code de liste de prix « {code} » existe déjà.",
    "breed.duplicate": "La race « {name} » existe déjà pour les {species}.",
    "market.duplicate_name": "Le marché « {name} » existe déjà.",
    "commission.bad_rate": "Taux « {value} » invalide : indiquez un pourcentage entre 0 et 100, par exemple 2,5.",
    # caisse
    "payment.bad_type": "Type de pièce de caisse inconnu : {doc_type}.",
    "payment.bad_means": "Moyen de paiement inconnu : {means}.",
    "payment.operator_required": "Indiquez l'opérateur de monnaie électronique.",
    "payment.unknown_operator": "L'opérateur « {operator} » n'est pas proposé dans ce pays ({country}).",
    "payment.transaction_required": "Indiquez l'identifiant de la transaction (référence du SMS).",
    "payment.duplicate_transaction": (
        "La transaction {transaction_id} ({operator}) a déjà été enregistrée sur le reçu {number} : "
        "un même SMS ne peut pas servir deux fois."
    ),
    "payment.counterpart_required": "Indiquez le tiers ou le nom du bénéficiaire.",
    "payment.purpose_required": "Indiquez l'objet du paiement (« pour … »).",
    "payment.in_kind_required": "Décrivez ce qui est remis en nature et sa valeur convenue.",
    "payment.bad_fees": "Les frais doivent être un montant positif ou nul, inférieur au paiement.",
    "payment.duplicate_allocation": "Le document {reference} apparaît deux fois dans la répartition.",
    "payment.due_not_open": "Le document {reference} n'est pas (ou plus) à régler par ce tiers.",
    "payment.bad_share": "La part affectée au document {reference} doit être un montant positif.",
    "payment.share_above_remaining": "La part affectée au document {reference} dépasse le reste à payer ({remaining}).",
    "payment.allocations_above_amount": "La répartition ({allocated}) dépasse le montant du paiement ({amount}).",
    "payment.ceiling": (
        "Paiement en espèces de {amount} au-dessus du plafond de {ceiling} fixé pour ce pays : "
        "confirmez-le ou choisissez un autre moyen."
    ),
    "payment.already_cancelled": "La pièce {number} est déjà annulée ({cancellation}).",
    "payment.reason_required": "Le motif de l'annulation est obligatoire.",
    "payment.not_found": "Pièce de caisse introuvable : {number}.",
    "cash.day_closed": "La journée du {day} est clôturée : aucune pièce de caisse ne peut plus y être datée.",
    "cash.day_already_closed": "La journée du {day} est déjà clôturée ({number}).",
    "cash.closing_in_future": "Impossible de clôturer une journée future ({day}).",
    "cash.closing_order": "La journée du {later} est déjà clôturée : on ne peut plus clôturer le {day}.",
    "cash.difference_reason": "Un écart de caisse de {difference} doit être expliqué (motif obligatoire).",
    "due.not_positive": "Le montant à régler doit être supérieur à zéro.",
    "due.has_payments": "Le document {reference} a déjà reçu des paiements : annulez d'abord les reçus.",
    "due.already_cancelled": "Le document {reference} est déjà annulé.",
    "credit.limit_exceeded": (
        "Plafond de crédit dépassé pour « {party} » : solde {balance} + {amount} > plafond {limit}. "
        "Un gestionnaire peut passer outre en indiquant un motif."
    ),
    "cli.out_not_pdf": "Le fichier de sortie doit se terminer par .pdf ({path}).",
    # --- helpers insert their entries above this line ---
}
