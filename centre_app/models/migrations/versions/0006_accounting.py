"""Accounting exports: the account mapping (operation key → account or journal code, per chart), seeded with
the SYSCOHADA révisé and CGNC defaults of that version, and the month locks (append-only, triggers).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 13:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from centre_app.models.triggers import append_only, drop, execute

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# The defaults as they were when this revision was written (a data migration never follows later code:
# keys added afterwards are filled by the service from centre_app.domain.charts).
SEED = [
    ('SYSCOHADA', 'journal.VT', 'journal', 'VT', 'Journal des ventes'),
    ('SYSCOHADA', 'journal.AC', 'journal', 'AC', 'Journal des achats'),
    ('SYSCOHADA', 'journal.CA', 'journal', 'CA', 'Journal de caisse'),
    ('SYSCOHADA', 'journal.BQ', 'journal', 'BQ', 'Journal de banque'),
    ('SYSCOHADA', 'journal.MM', 'journal', 'MM', 'Journal de monnaie électronique'),
    ('SYSCOHADA', 'journal.OD', 'journal', 'OD', 'Journal des opérations diverses'),
    ('SYSCOHADA', 'clients', 'compte', '4111', 'Clients'),
    ('SYSCOHADA', 'clients_avances', 'compte', '4191', 'Clients, avances et acomptes reçus'),
    ('SYSCOHADA', 'fournisseurs', 'compte', '4011', 'Fournisseurs'),
    ('SYSCOHADA', 'mandat_vendeur', 'compte', '4731', 'Mandants éleveurs (opérations pour compte de tiers)'),
    ('SYSCOHADA', 'mandat_acheteur', 'compte', '4732', 'Acheteurs en mandat (opérations pour compte de tiers)'),
    ('SYSCOHADA', 'debours_tiers', 'compte', '4733', 'Débours pour compte de tiers'),
    ('SYSCOHADA', 'commission_betail', 'compte', '7072', 'Commissions et courtages'),
    ('SYSCOHADA', 'vente_cereale', 'compte', '7011', 'Ventes de marchandises'),
    ('SYSCOHADA', 'vente_aliment', 'compte', '7011', 'Ventes de marchandises'),
    ('SYSCOHADA', 'vente_intrant', 'compte', '7011', 'Ventes de marchandises'),
    ('SYSCOHADA', 'vente_betail', 'compte', '7011', 'Ventes de marchandises'),
    ('SYSCOHADA', 'services_vendus', 'compte', '7061', 'Services vendus'),
    ('SYSCOHADA', 'rrr_accordes', 'compte', '7019', 'Rabais, remises et ristournes accordés'),
    ('SYSCOHADA', 'achat_cereale', 'compte', '6011', 'Achats de marchandises'),
    ('SYSCOHADA', 'achat_aliment', 'compte', '6011', 'Achats de marchandises'),
    ('SYSCOHADA', 'achat_intrant', 'compte', '6011', 'Achats de marchandises'),
    ('SYSCOHADA', 'achat_betail', 'compte', '6011', 'Achats de marchandises'),
    ('SYSCOHADA', 'variation_stock', 'compte', '6031', 'Variation des stocks de marchandises'),
    ('SYSCOHADA', 'stock_cereale', 'compte', '3111', 'Marchandises : céréales'),
    ('SYSCOHADA', 'stock_aliment', 'compte', '3112', 'Marchandises : aliments du bétail'),
    ('SYSCOHADA', 'stock_intrant', 'compte', '3118', 'Marchandises : autres intrants'),
    ('SYSCOHADA', 'stock_betail', 'compte', '3113', 'Marchandises : bétail'),
    ('SYSCOHADA', 'dons_recus', 'compte', '7181', "Autres subventions d'exploitation (dons en nature)"),
    ('SYSCOHADA', 'caisse_especes', 'compte', '5711', 'Caisse'),
    ('SYSCOHADA', 'banque', 'compte', '5211', 'Banque'),
    ('SYSCOHADA', 'cheques', 'compte', '5131', 'Chèques à encaisser'),
    ('SYSCOHADA', 'mobile_money', 'compte', '5520', 'Monnaie électronique'),
    ('SYSCOHADA', 'virements_internes', 'compte', '5851', 'Virements de fonds'),
    ('SYSCOHADA', 'frais_monnaie_electronique', 'compte', '6317', 'Frais sur instruments de monnaie électronique'),
    ('SYSCOHADA', 'frais_bancaires', 'compte', '6318', 'Autres frais bancaires'),
    ('SYSCOHADA', 'attente_decaissements', 'compte', '4711', 'Débiteurs divers : décaissements à imputer'),
    ('SYSCOHADA', 'compensation', 'compte', '4718', 'Compensations entre comptes de tiers'),
    ('SYSCOHADA', 'reglement_nature', 'compte', '4719', 'Règlements en nature à imputer'),
    ('SYSCOHADA', 'commission_garant', 'compte', '6322', 'Commissions et courtages sur ventes'),
    ('SYSCOHADA', 'ecart_caisse_manque', 'compte', '6588', 'Autres charges diverses'),
    ('SYSCOHADA', 'ecart_caisse_excedent', 'compte', '7588', 'Autres produits divers'),
    ('SYSCOHADA', 'mobile_money.orange_money', 'compte', '5521', 'Monnaie électronique Orange Money'),
    ('SYSCOHADA', 'mobile_money.moov_money', 'compte', '5522', 'Monnaie électronique Moov Money'),
    ('SYSCOHADA', 'mobile_money.wave', 'compte', '5523', 'Monnaie électronique Wave'),
    ('SYSCOHADA', 'mobile_money.sank_money', 'compte', '5524', 'Monnaie électronique Sank Money'),
    ('SYSCOHADA', 'mobile_money.mtn_momo', 'compte', '5525', 'Monnaie électronique MTN MoMo'),
    ('SYSCOHADA', 'mobile_money.t_money', 'compte', '5526', 'Monnaie électronique T-Money'),
    ('SYSCOHADA', 'mobile_money.flooz', 'compte', '5527', 'Monnaie électronique Flooz'),
    ('SYSCOHADA', 'mobile_money.airtel_money', 'compte', '5528', 'Monnaie électronique Airtel Money'),
    ('SYSCOHADA', 'mobile_money.m_pesa', 'compte', '5529', 'Monnaie électronique M-Pesa'),
    ('CGNC', 'journal.VT', 'journal', 'VT', 'Journal des ventes'),
    ('CGNC', 'journal.AC', 'journal', 'AC', 'Journal des achats'),
    ('CGNC', 'journal.CA', 'journal', 'CA', 'Journal de caisse'),
    ('CGNC', 'journal.BQ', 'journal', 'BQ', 'Journal de banque'),
    ('CGNC', 'journal.MM', 'journal', 'MM', 'Journal de monnaie électronique'),
    ('CGNC', 'journal.OD', 'journal', 'OD', 'Journal des opérations diverses'),
    ('CGNC', 'clients', 'compte', '3421', 'Clients'),
    ('CGNC', 'clients_avances', 'compte', '4421', 'Clients : avances et acomptes reçus'),
    ('CGNC', 'fournisseurs', 'compte', '4411', 'Fournisseurs'),
    ('CGNC', 'mandat_vendeur', 'compte', '4488', 'Divers créanciers : mandants éleveurs'),
    ('CGNC', 'mandat_acheteur', 'compte', '3488', 'Divers débiteurs : acheteurs en mandat'),
    ('CGNC', 'debours_tiers', 'compte', '3487', 'Débours pour compte de tiers'),
    ('CGNC', 'commission_betail', 'compte', '7124', 'Ventes de services produits au Maroc'),
    ('CGNC', 'vente_cereale', 'compte', '7111', 'Ventes de marchandises au Maroc'),
    ('CGNC', 'vente_aliment', 'compte', '7111', 'Ventes de marchandises au Maroc'),
    ('CGNC', 'vente_intrant', 'compte', '7111', 'Ventes de marchandises au Maroc'),
    ('CGNC', 'vente_betail', 'compte', '7111', 'Ventes de marchandises au Maroc'),
    ('CGNC', 'services_vendus', 'compte', '7124', 'Ventes de services produits au Maroc'),
    ('CGNC', 'rrr_accordes', 'compte', '7119', "Rabais, remises et ristournes accordés par l'entreprise"),
    ('CGNC', 'achat_cereale', 'compte', '6111', 'Achats de marchandises'),
    ('CGNC', 'achat_aliment', 'compte', '6111', 'Achats de marchandises'),
    ('CGNC', 'achat_intrant', 'compte', '6111', 'Achats de marchandises'),
    ('CGNC', 'achat_betail', 'compte', '6111', 'Achats de marchandises'),
    ('CGNC', 'variation_stock', 'compte', '6114', 'Variation de stocks de marchandises'),
    ('CGNC', 'stock_cereale', 'compte', '3111', 'Marchandises'),
    ('CGNC', 'stock_aliment', 'compte', '3111', 'Marchandises'),
    ('CGNC', 'stock_intrant', 'compte', '3111', 'Marchandises'),
    ('CGNC', 'stock_betail', 'compte', '3111', 'Marchandises'),
    ('CGNC', 'dons_recus', 'compte', '7161', "Subventions d'exploitation reçues"),
    ('CGNC', 'caisse_especes', 'compte', '5161', 'Caisses'),
    ('CGNC', 'banque', 'compte', '5141', 'Banques'),
    ('CGNC', 'cheques', 'compte', '5111', 'Chèques et valeurs à encaisser'),
    ('CGNC', 'mobile_money', 'compte', '5148', 'Autres établissements financiers'),
    ('CGNC', 'virements_internes', 'compte', '5115', 'Virements de fonds'),
    ('CGNC', 'frais_monnaie_electronique', 'compte', '6147', 'Services bancaires'),
    ('CGNC', 'frais_bancaires', 'compte', '6147', 'Services bancaires'),
    ('CGNC', 'attente_decaissements', 'compte', '3497', "Comptes transitoires ou d'attente (actif)"),
    ('CGNC', 'compensation', 'compte', '4497', "Comptes transitoires ou d'attente (passif)"),
    ('CGNC', 'reglement_nature', 'compte', '4497', "Comptes transitoires ou d'attente (passif)"),
    ('CGNC', 'commission_garant', 'compte', '6136', "Rémunérations d'intermédiaires et honoraires"),
    ('CGNC', 'ecart_caisse_manque', 'compte', '6588', 'Autres charges non courantes'),
    ('CGNC', 'ecart_caisse_excedent', 'compte', '7588', 'Autres produits non courants'),
]


def upgrade() -> None:
    ledger_accounts = op.create_table('ledger_accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chart', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ledger_accounts')),
    sa.UniqueConstraint('chart', 'key', name=op.f('uq_ledger_accounts_chart_key'))
    )
    op.create_table('period_locks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_name', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('totals', sa.String(length=2000), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_period_locks'))
    )
    with op.batch_alter_table('period_locks', schema=None) as batch_op:
        batch_op.create_index('ix_period_locks_month', ['month', 'id'], unique=False)

    op.bulk_insert(
        ledger_accounts,
        [dict(zip(("chart", "key", "kind", "number", "label"), row, strict=True)) for row in SEED],
    )
    for ddl in append_only("period_locks"):
        execute(ddl)


def downgrade() -> None:
    for ddl in drop("period_locks", ["no_update", "no_delete"]):
        execute(ddl)
    with op.batch_alter_table('period_locks', schema=None) as batch_op:
        batch_op.drop_index('ix_period_locks_month')

    op.drop_table('period_locks')
    op.drop_table('ledger_accounts')
