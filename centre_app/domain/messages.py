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
    # backups and restoration
    "backup.not_a_file_database": (
        "Les sauvegardes de l'application concernent une base SQLite (un fichier) ; "
        "pour un serveur PostgreSQL, utilisez les sauvegardes du serveur (pg_dump)."
    ),
    "backup.folder_not_chosen": (
        "Aucun dossier de sauvegarde n'est choisi : indiquez un dossier sur une clé USB ou un second disque "
        "dans Administration › Paramètres."
    ),
    "backup.folder_missing": (
        "Le dossier de sauvegarde {folder} est introuvable : branchez la clé USB (ou le disque) qui le contient, "
        "ou choisissez un autre dossier dans Administration › Paramètres."
    ),
    "backup.folder_not_writable": (
        "Impossible d'écrire dans le dossier de sauvegarde {folder} ({reason}) : vérifiez que la clé USB "
        "n'est ni pleine ni protégée en écriture."
    ),
    "backup.folder_default": (
        "Aucun dossier de sauvegarde n'est choisi : les sauvegardes automatiques vont dans {folder}, sur le même "
        "disque que la base. Choisissez une clé USB ou un second disque dans Administration › Paramètres."
    ),
    "backup.fallback": "{problem} En attendant, la sauvegarde automatique est faite dans {folder}.",
    "backup.write_failed": (
        "La sauvegarde n'a pas pu être écrite dans {folder} ({reason}). La base de données n'a pas été modifiée."
    ),
    "backup.copy_defect": (
        "La copie de la base présente un défaut : {defect} Aucune sauvegarde n'a été écrite ; "
        "les sauvegardes précédentes sont conservées."
    ),
    "backup.missing": "Le fichier de sauvegarde {path} n'existe pas.",
    "backup.damaged": "La sauvegarde {path} est endommagée ou incomplète ({reason}) : utilisez-en une autre.",
    "backup.foreign": "Le fichier {path} n'est pas une sauvegarde de cette application.",
    "backup.altered": "La sauvegarde {path} a été modifiée ({reason}) : utilisez-en une autre.",
    "backup.hash_mismatch": (
        "La sauvegarde {path} a été modifiée ou endommagée : l'empreinte de la base ne correspond plus "
        "à celle enregistrée au moment de la sauvegarde. Utilisez-en une autre."
    ),
    "backup.too_new": (
        "La sauvegarde {path} a été faite par une version plus récente de l'application (schéma {revision}) : "
        "installez la dernière version avant de la restaurer."
    ),
    "backup.defects": "La base contenue dans la sauvegarde {path} présente un défaut : {defect}",
    "backup.db_in_use": (
        "La base {path} est encore ouverte (sur ce poste ou sur un autre) : fermez l'application partout, "
        "puis recommencez. La base actuelle n'a pas été remplacée."
    ),
    "backup.restore_failed": "La restauration a échoué ({reason}). La base actuelle n'a pas été remplacée.",
    # imports of parties and products
    "import.missing_file": "Le fichier {path} n'existe pas.",
    "import.bad_format": "Format de fichier non pris en charge ({suffix}) : choisissez un fichier .xlsx ou .csv.",
    "import.unreadable": "Le fichier {path} ne peut pas être lu ({reason}).",
    "import.empty": "Le fichier {path} ne contient aucune ligne à importer.",
    "import.unknown_column": "Colonne inconnue « {column} ». Colonnes possibles : {expected}.",
    "import.missing_column": "La colonne obligatoire « {column} » est absente de la première ligne du fichier.",
    "import.duplicate_column": "La colonne « {column} » apparaît deux fois.",
    "import.bad_choice": (
        "« {value} » n'est pas une valeur possible pour « {column} » (valeurs possibles : {expected})."
    ),
    "import.duplicate_identity_in_file": "La pièce {id_type} n° {id_number} figure déjà à la ligne {line} du fichier.",
    "import.duplicate_code_in_file": "Le code produit « {code} » figure déjà à la ligne {line} du fichier.",
    "import.bad_packaging": (
        "Conditionnement « {value} » mal écrit : attendu CODE:nom:pluriel:facteur, "
        "par exemple SAC50:sac de 50 kg:sacs de 50 kg:50."
    ),
    "import.invalid_rows": "Rien n'a été importé : {count} ligne(s) à corriger.\n{details}",
    # stock, orders, deliveries, inventories
    "stock.insufficient": (
        "Stock insuffisant de « {product} » au magasin « {warehouse} » : disponible {available}, demandé {requested}."
    ),
    "stock.cancel_insufficient": (
        "Impossible d'annuler {number} : le stock de « {product} » au magasin « {warehouse} » n'est plus que de "
        "{available} (il faudrait {requested}). Enregistrez d'abord ce qui est sorti depuis."
    ),
    "stock.future_date": "Un document de stock ne peut pas être daté dans le futur ({day}).",
    "stock.inventory_open": (
        "Le magasin « {warehouse} » est en cours d'inventaire ({number}) : validez ou abandonnez l'inventaire "
        "avant d'y enregistrer un mouvement."
    ),
    "stock.before_inventory": (
        "Le magasin « {warehouse} » a été inventorié le {inventory_day} ({number}) : aucun mouvement ne peut y être "
        "daté d'avant (date demandée : {day})."
    ),
    "stock.warehouse_inactive": "Le magasin « {warehouse} » est désactivé.",
    "stock.product_inactive": "Le produit « {product} » est désactivé : réactivez-le avant de l'utiliser.",
    "stock.quantity_not_positive": "La quantité de « {product} » doit être supérieure à zéro.",
    "stock.no_lines": "Le document n'a aucune ligne : ajoutez au moins un produit.",
    "stock.same_warehouse": "Un transfert doit aller d'un magasin vers un autre magasin.",
    "stock.bad_loss_reason": "Motif de perte inconnu : {reason}.",
    "stock.reason_required": "Le motif est obligatoire.",
    "stock.price_required": "Indiquez le prix d'achat (ou la valeur convenue) de « {product} ».",
    "stock.supplier_required": "Indiquez le fournisseur ou le donateur ({origin}).",
    "stock.supplier_party_required": (
        "Un achat à crédit doit être fait auprès d'un fournisseur enregistré dans les tiers (pour suivre la dette)."
    ),
    "stock.already_cancelled": "Le document {number} est déjà annulé.",
    "stock.cannot_cancel_cancellation": "{number} est une annulation : elle ne peut pas être annulée à son tour.",
    "stock.document_not_found": "Document de stock introuvable : {number}.",
    "stock.reception_paid_in_kind": (
        "La réception {number} vient du reçu en nature {receipt} : annulez d'abord ce reçu, puis la réception."
    ),
    "stock.supply_not_expected": "Cet arrivage ({key}) n'est pas (ou plus) attendu.",
    "order.not_found": "Commande introuvable : {number}.",
    "order.not_draft": "La commande {number} est confirmée : elle ne peut plus être modifiée.",
    "order.not_confirmed": "La commande doit être confirmée avant d'être livrée.",
    "order.cancelled": "La commande {number} est annulée : elle ne peut plus être livrée.",
    "order.fully_delivered": "La commande {number} est entièrement livrée.",
    "order.bad_transition": "La commande {number} est « {current} » : elle ne peut pas passer à « {target} ».",
    "order.eligibility_required": (
        "La liste « {price_list} » est réservée ({eligibility}) : indiquez pourquoi ce client y a droit."
    ),
    "order.price_list_inactive": "La liste de prix « {price_list} » n'est plus en usage.",
    "order.deposit_above_total": "L'acompte ne peut pas dépasser le total de la commande.",
    "order.delivery_before_order": "La date de livraison prévue ne peut pas précéder la date de la commande.",
    "order.reason_required": "Le motif de l'annulation de la commande est obligatoire.",
    "order.already_cancelled": "La commande {number} est déjà annulée.",
    "order.has_deliveries": (
        "La commande {number} a déjà été livrée (en tout ou en partie) : annulez d'abord ses bons de livraison."
    ),
    "order.has_payments": (
        "La commande {number} a déjà reçu des paiements ({paid}) : annulez d'abord les reçus "
        "(ou remboursez le client) avant d'annuler la commande."
    ),
    "delivery.more_than_ordered": (
        "Livraison refusée : pour « {product} », il reste à livrer {remaining} sur la commande {number} ; "
        "vous demandez {requested}."
    ),
    "delivery.line_not_in_order": "Cette ligne ne fait pas partie de la commande {number}.",
    "delivery.before_order": "Une livraison ne peut pas précéder la commande {number} (du {order_date}).",
    "inventory.not_found": "Inventaire introuvable : {number}.",
    "inventory.not_open": "L'inventaire {number} est terminé : il ne peut plus être modifié.",
    "inventory.product_not_in_sheet": "« {product} » ne figure pas sur cette feuille d'inventaire.",
    "inventory.uncounted": (
        "{count} produit(s) non compté(s) : {products}. Saisissez leur quantité (0 si rien n'a été trouvé) "
        "ou validez en laissant explicitement leur stock inchangé."
    ),
    "inventory.reason_required": "Le motif de l'abandon de l'inventaire est obligatoire.",
    "inventory.movements_after": (
        "Le magasin « {warehouse} » a des mouvements datés après le jour de l'inventaire : choisissez une date "
        "d'inventaire égale ou postérieure au dernier mouvement."
    ),
    "delivery.not_found": "Bon de livraison introuvable : {number}.",
    "reception.not_found": "Bon de réception introuvable : {number}.",
    "stock_card.bad_period": (
        "Période invalide pour la fiche de stock : du {start} au {end}. La date de fin doit suivre celle du début."
    ),
    "settings.session_timeout": (
        "Délai de verrouillage invalide : « {value} ». Indiquez un nombre entier de minutes entre 0 (jamais) et {max}."
    ),
    # OP contracts (contrats avec les organisations de producteurs)
    "op_contract.not_found": "Contrat OP introuvable : {number}.",
    "op_contract.bad_transition": (
        "Le contrat {number} est « {current} » : il ne peut pas passer à l'état « {target} »."
    ),
    "op_contract.already": "Le contrat {number} est déjà « {state} ».",
    "op_contract.not_draft": (
        "Le contrat {number} est signé : il ne peut plus être modifié ni supprimé. Toute modification passe par un "
        "avenant."
    ),
    "op_contract.has_amendments": "Le contrat {number} a des avenants : il ne peut pas être supprimé.",
    "op_contract.bad_type": "Type de prestation inconnu : {value}.",
    "op_contract.end_before_effect": "La date de fin doit être postérieure à la date d'effet.",
    "op_contract.bad_notice": "Le préavis doit être compris entre 0 et {max} jours.",
    "op_contract.advance_above_amount": "L'avance ne peut pas dépasser le montant prévu du contrat.",
    "op_contract.bad_copies": "Le nombre d'exemplaires originaux doit être compris entre {min} et {max}.",
    "op_contract.signatory_missing": (
        "Signature refusée : le contrat {number} n'a aucun signataire pour la partie « {side} »."
    ),
    "op_contract.schedule_total": (
        "Signature refusée : le total de l'échéancier ({total}) ne correspond pas au montant prévu ({amount}) "
        "du contrat {number}."
    ),
    "op_contract.op_inactive": "Signature refusée : l'organisation « {name} » est désactivée.",
    "op_contract.signature_before": (
        "Un avenant ne peut pas être signé avant le contrat qu'il modifie ({number}, signé le {date})."
    ),
    "op_contract.signature_in_future": "La date de signature ({date}) ne peut pas être dans le futur.",
    "op_contract.amendment_no_workflow": (
        "{number} est un avenant : on suspend, reprend ou résilie le contrat lui-même, pas son avenant."
    ),
    "op_contract.reason_required": "Le motif de {what} est obligatoire.",
    "op_contract.termination_in_future": "La date de résiliation ({date}) ne peut pas être dans le futur.",
    "op_contract.termination_before_signature": "La résiliation ne peut pas précéder la signature du contrat ({date}).",
    "op_contract.not_followed": (
        "Le contrat {number} est « {state} » : son suivi (obligations, indicateurs, incidents) n'est possible "
        "qu'une fois signé et tant qu'il est en vigueur."
    ),
    "op_amendment.effect_before_contract": "Un avenant ne peut pas prendre effet avant le contrat {number}.",
    "op_amendment.of_amendment": "Un avenant modifie un contrat, pas un autre avenant.",
    "op_amendment.parent_not_live": (
        "Le contrat {number} est « {state} » : un avenant n'est possible que sur un contrat signé, en cours, "
        "suspendu ou échu."
    ),
    "op_obligation.after_end": "L'obligation « {deliverable} » est prévue après la fin du contrat.",
    "op_obligation.done_in_future": "Une obligation ne peut pas être réalisée à une date future ({date}).",
    "op_obligation.already_done": "L'obligation « {deliverable} » est déjà marquée faite (le {date}).",
    "op_obligation.not_done": "L'obligation « {deliverable} » n'est pas marquée faite.",
    "op_indicator.bad_quarter": "Trimestre invalide : {quarter} (de 1 à 4).",
    "op_indicator.future_quarter": "Le {quarter} n'a pas commencé : sa mesure ne peut pas encore être saisie.",
    "op_indicator.before_contract": "Le {quarter} précède la prise d'effet du contrat.",
    "op_incident.in_future": "Un incident ne peut pas être daté dans le futur ({date}).",
    "op_attachment.too_large": (
        "Le fichier « {name} » est trop volumineux ({size}) : la limite est de {max}. Numérisez-le en noir et blanc "
        "ou à une résolution plus basse (150 ppp)."
    ),
    "op_attachment.not_pdf": "Le fichier « {name} » n'est pas un PDF : numérisez le document au format PDF.",
    "op_attachment.frozen": "Le contrat {number} est signé : ses pièces jointes ne peuvent plus être retirées.",
    "op_clause.bad_braces": "Accolades mal fermées dans le texte de la clause : chaque champ s'écrit {{nom_du_champ}}.",
    "op_clause.unknown_field": "Champ inconnu dans la clause : « {field} ». Champs possibles : {fields}.",
    "op_clause.not_found": "Clause introuvable : {code}.",
    "op_clause.unchanged": "La clause « {title} » n'a pas été modifiée : aucune nouvelle version n'est créée.",
    "op_clause.code_taken": "Une clause de code « {code} » existe déjà.",
    # livestock sales contracts
    "livestock.not_found": "Contrat de vente de bétail introuvable : {number}.",
    "livestock.party_inactive": "Le tiers « {name} » est inactif : réactivez-le avant de l'inscrire sur un contrat.",
    "livestock.same_party": "Le vendeur et l'acheteur doivent être deux tiers différents.",
    "livestock.future_date": "La date {day} est dans le futur : indiquez la date du jour ou une date passée.",
    "livestock.market_inactive": "Le marché « {market} » n'est plus actif.",
    "livestock.place_required": "Indiquez le marché ou le lieu de la vente.",
    "livestock.guarantor_is_party": "Le garant ou témoin ne peut être ni le vendeur ni l'acheteur.",
    "livestock.deposit_cash": (
        "Un contrat au comptant n'a ni acompte ni échéance : choisissez « Acompte + solde à échéance »."
    ),
    "livestock.deposit_required": "Indiquez le montant de l'acompte (supérieur à zéro).",
    "livestock.balance_date_required": ("Indiquez la date d'échéance du solde (au plus tôt le jour du contrat)."),
    "livestock.deposit_above_total": (
        "L'acompte ({deposit}) doit être inférieur au total dû par l'acheteur ({total})."
    ),
    "livestock.language_required": "Indiquez la langue dans laquelle le contrat a été lu et expliqué aux parties.",
    "livestock.no_lines": "Le contrat doit comporter au moins une ligne d'animaux.",
    "livestock.too_many_lines": "Un contrat compte au plus {max} lignes d'animaux : faites un second contrat.",
    "livestock.line_category": "Ligne {position} : choisissez une catégorie de l'espèce « {species} ».",
    "livestock.line_breed": "Ligne {position} : cette race n'est pas une race de l'espèce « {species} ».",
    "livestock.line_heads": "Ligne {position} : le nombre de têtes doit être un entier entre 1 et 10 000 ({value}).",
    "livestock.line_sex": "Ligne {position} : sexe « {value} » inconnu (M pour mâle, F pour femelle).",
    "livestock.line_sex_required": "Ligne {position} : indiquez le sexe de l'animal (mâle ou femelle).",
    "livestock.line_castrated": "Ligne {position} : seul un mâle peut être castré.",
    "livestock.line_age": "Ligne {position} : âge invalide ({value} ans).",
    "livestock.line_dentition": "Ligne {position} : dentition « {value} » inconnue.",
    "livestock.line_condition": "Ligne {position} : état d'embonpoint « {value} » inconnu (maigre, moyen ou gras).",
    "livestock.line_weight": "Ligne {position} : poids estimé invalide ({value}) : indiquez des kilos (ex. 280).",
    "livestock.line_price": "Ligne {position} : le prix par tête doit être un montant supérieur à zéro.",
    "livestock.line_cost_required": "Ligne {position} : indiquez le prix d'achat par tête (achat-revente).",
    "livestock.line_cost_not_resale": (
        "Ligne {position} : un prix d'achat ne s'indique que pour un contrat d'achat-revente."
    ),
    "livestock.rule_inactive": "La règle de commission « {rule} » n'est plus active.",
    "livestock.rule_not_yet_valid": "La règle de commission « {rule} » ne s'applique qu'à partir du {valid_from}.",
    "livestock.commission_species": (
        "La règle de commission « {rule} » ne vaut que pour l'espèce « {species} » : la ligne {position} est "
        "d'une autre espèce. Choisissez une règle au pourcentage ou au forfait, ou faites un contrat par espèce."
    ),
    "livestock.commission_in_resale": (
        "Un contrat d'achat-revente n'a pas de commission : le centre se rémunère sur sa marge."
    ),
    "livestock.net_not_positive": (
        "Le net à payer au vendeur serait nul ou négatif : vérifiez les prix, la commission et les débours."
    ),
    "livestock.fee_duplicate": "Le débours « {fee} » est indiqué deux fois.",
    "livestock.fee_amount": "Le montant du débours « {fee} » doit être supérieur à zéro.",
    "livestock.market_tax_no_market": "La taxe de marché suppose un marché : choisissez le marché de la vente.",
    "livestock.market_tax_none": (
        "Aucune taxe de marché n'est fixée au « {market} » pour ces espèces le {day} : renseignez le barème "
        "des taxes de marché ou retirez ce débours."
    ),
    "livestock.market_tax_fixed": (
        "La taxe de marché vient du barème du marché ({expected}) : elle ne se saisit pas ({typed} saisi)."
    ),
    "livestock.document_dates": "Le document « {document} » n° {number} expire avant sa date de délivrance.",
    "livestock.not_draft": (
        "Le contrat {number} est conclu : il ne peut plus être modifié (seul un gestionnaire peut l'annuler)."
    ),
    "livestock.bad_transition": "Le contrat {number} est « {current} » : il ne peut pas passer à « {target} ».",
    "livestock.documents_closed": "Le contrat {number} est {state} : on ne peut plus y ajouter de document.",
    "livestock.document_frozen": (
        "Le document « {document} » n° {number} est enregistré sur un contrat conclu : il ne peut plus être retiré."
    ),
    "livestock.delivery_before_contract": "La livraison ({day}) ne peut pas précéder le contrat ({contract_date}).",
    "livestock.document_expired": (
        "Livraison refusée : le document « {document} » n° {number} a expiré le {expired} (livraison du {day}). "
        "Faites-le renouveler, ou un gestionnaire peut passer outre en indiquant un motif."
    ),
    "livestock.override_needs_manager": (
        "Seul un gestionnaire peut livrer malgré un document expiré : appelez-le pour qu'il valide avec un motif."
    ),
    "livestock.reason_required": "Le motif de l'annulation du contrat est obligatoire.",
    "livestock.draft_not_cancellable": "Un brouillon ne s'annule pas : supprimez-le.",
    "livestock.already_cancelled": "Le contrat {number} est déjà annulé ({cancellation}).",
    "livestock.cancel_delivered": "Le contrat {number} est livré : il ne peut plus être annulé.",
    "livestock.cancel_has_payments": (
        "Le contrat {number} a déjà des paiements ({paid}) : annulez d'abord les reçus et les bons de paiement vendeur."
    ),
    "livestock.payout_not_possible": "Le contrat {number} est {state} : aucun paiement au vendeur n'est possible.",
    "livestock.payout_above_available": (
        "Paiement refusé : pour le contrat {number}, le vendeur peut recevoir au plus {available} maintenant "
        "(vous demandez {amount}). Payé par l'acheteur : {buyer_paid} ; commission et débours à la charge du "
        "vendeur : {deductions} ; déjà versé au vendeur : {seller_paid}."
    ),
    # accounting exports and month locks
    "accounting.unknown_chart": "Plan comptable inconnu : « {chart} ». Choisissez l'un de : {charts}.",
    "accounting.unknown_key": "Opération comptable inconnue : « {key} ».",
    "accounting.bad_account": (
        "Numéro de compte invalide : « {number} ». Saisissez des chiffres (2 à 12, par exemple 4111), "
        "éventuellement suivis de lettres majuscules."
    ),
    "accounting.bad_journal_code": (
        "Code journal invalide : « {number} ». Saisissez 1 à 6 lettres majuscules ou chiffres (par exemple VT)."
    ),
    "accounting.unbalanced": (
        "Écriture déséquilibrée pour la pièce {piece} (débit {debit}, crédit {credit}) : rien n'a été exporté. "
        "Signalez-le au support."
    ),
    "accounting.bad_encoding": (
        "Encodage non pris en charge : « {encoding} ». Choisissez utf-8-sig (UTF-8 avec BOM) ou cp1252 (Windows-1252)."
    ),
    "accounting.out_not_csv": "Le fichier des écritures doit avoir l'extension .csv (reçu : {path}).",
    "period.locked": (
        "Le mois {month} est verrouillé (exporté en comptabilité, verrouillé le {date}) : aucun document ne "
        "peut y être daté ni annulé. Un gestionnaire peut le déverrouiller en indiquant un motif."
    ),
    "period.already_locked": "Le mois {month} est déjà verrouillé.",
    "period.not_locked": "Le mois {month} n'est pas verrouillé.",
    "period.not_finished": ("Le mois {month} n'est pas terminé : il ne pourra être verrouillé qu'à partir du {date}."),
    "period.reason_required": "Le motif du déverrouillage est obligatoire.",
    "report.bad_format": "Format de sortie non pris en charge : « {suffix} ». Utilisez un fichier .xlsx ou .pdf.",
    "livestock.no_payout": "Aucun paiement au vendeur n'a encore été fait sur le contrat {number}.",
    # monthly pack (dossier du mois)
    "report.future_month": "Le mois {month} n'a pas encore commencé : aucun dossier ne peut être généré pour lui.",
    "report.no_data": (
        "Aucun document n'est encore enregistré (caisse, stock, commandes, bétail) : il n'y a rien à mettre dans "
        "un dossier du mois."
    ),
    "report.before_data": (
        "Le mois {month} est antérieur au premier document enregistré (le {first}) : choisissez un mois à partir "
        "de celui-ci."
    ),
    "report.write_failed": (
        "Impossible d'écrire « {path} » : {reason}. Aucun verrouillage n'a été fait. Fermez ce fichier s'il est "
        "ouvert ou choisissez un autre dossier, puis recommencez."
    ),
    "demo.bad_years": "La démonstration couvre de 1 à 30 ans (demandé : {years}).",
    "demo.bad_scale": "Taille de démonstration inconnue « {scale} » : small ou large.",
    "cli.demo_interrupted": (
        "La création de la démonstration s'est arrêtée : le fichier incomplet {path} a été supprimé. "
        "Relancez la commande."
    ),
    # PostgreSQL (several offices on one server)
    "db.server_unreachable": (
        "Impossible d'ouvrir la base PostgreSQL {target} : {reason}. Vérifiez l'adresse du serveur, le nom de la "
        "base, l'utilisateur et le mot de passe, et que le serveur est démarré et joignable depuis ce poste."
    ),
    "pg.tool_missing": (
        "Le programme {tool} de PostgreSQL est introuvable sur ce poste : installez les outils clients de "
        "PostgreSQL (paquet postgresql-client, ou l'installateur PostgreSQL sous Windows) et ajoutez leur dossier "
        "au PATH, ou faites la sauvegarde depuis le serveur."
    ),
    "pg.tool_failed": "{tool} a échoué ({what}) : {reason}",
    "pg.not_a_backup": (
        "Le fichier {path} n'est pas une sauvegarde PostgreSQL de l'application (fichier .pgdump fait par "
        "« centre-app backup »)."
    ),
    "pg.in_use": (
        "D'autres postes sont connectés à la base {target} : fermez l'application sur tous les postes avant de "
        "restaurer."
    ),
    "pg.target_not_empty": (
        "La base {target} n'est pas vide (tables {tables}…) : la copie se fait seulement dans une base PostgreSQL "
        "neuve, pour ne rien mélanger ni écraser."
    ),
    "pg.target_not_postgresql": (
        "La destination {target} n'est pas une base PostgreSQL : indiquez postgresql://utilisateur@serveur/base."
    ),
    # --- helpers insert their entries above this line ---
}
