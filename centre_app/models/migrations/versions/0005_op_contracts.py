"""OP contracts: contracts with producer organisations and their avenants (COP), signatories, schedule lines
(each opens a due when signed), obligations, indicators with quarterly measures, incidents, state history,
attachments (scanned PDF bytes kept in the database), the frozen text of each signed contract and the
versioned clause templates, seeded here with the default French clauses.

Signed contracts are frozen by triggers with their signatories, schedule lines, indicators and the
definition of their obligations (status and notes still move); measures, incidents, history, texts and
template versions are append-only.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 15:00:00
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from centre_app.domain.op_clauses import DEFAULT_CLAUSES
from centre_app.models.triggers import append_only, drop, execute, frozen_when_validated

APPEND_ONLY = ("op_contract_texts", "op_indicator_measures", "op_incidents", "op_transitions", "op_clause_templates")
CONTRACT_FROZEN = [
    "parent_id", "amendment_no", "year", "seq", "number", "service_type", "op_id", "object", "effect_date",
    "end_date", "changes_end", "notice_days", "tacit_renewal", "planned_amount", "advance", "payment_terms", "guarantees",
    "dispute_forum", "court", "place", "copies", "note", "created_at", "created_by", "signature_date", "signed_at",
    "signed_by", "due_override", "chain_pos", "prev_hash", "hash",
]
OBLIGATION_DEFINITION = ["contract_id", "position", "side", "deliverable", "quantity", "unit", "due_date"]
LOCKED = "(SELECT hash FROM op_contracts WHERE id = {row}.contract_id) IS NOT NULL"


def _changed(columns: list[str]) -> str:
    return " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)


def _abort(message: str) -> str:
    return f"BEGIN SELECT RAISE(ABORT, 'immutable: {message}'); END"


def _guarded_children(table: str, message: str, update_when: str = "1") -> list[str]:
    """Rows of ``table`` are neither added, changed (``update_when``) nor removed once their contract is signed."""
    return [
        f"CREATE TRIGGER trg_{table}_frozen_insert BEFORE INSERT ON {table} WHEN {LOCKED.format(row='NEW')} "
        + _abort(message),
        f"CREATE TRIGGER trg_{table}_frozen BEFORE UPDATE ON {table} WHEN {LOCKED.format(row='OLD')} "
        f"AND ({update_when}) " + _abort(message),
        f"CREATE TRIGGER trg_{table}_no_delete BEFORE DELETE ON {table} WHEN {LOCKED.format(row='OLD')} "
        + _abort(message),
    ]


def _triggers() -> list[str]:
    ddl: list[str] = []
    for table in APPEND_ONLY:
        ddl += append_only(table)
    ddl += frozen_when_validated("op_contracts", CONTRACT_FROZEN)
    ddl += _guarded_children("op_signatories", "signatories of a signed contract")
    ddl += _guarded_children("op_schedule_lines", "schedule of a signed contract")
    ddl += _guarded_children("op_indicators", "indicators of a signed contract")
    ddl += _guarded_children("op_obligations", "obligations of a signed contract", _changed(OBLIGATION_DEFINITION))
    ddl += [
        "CREATE TRIGGER trg_op_attachments_no_update BEFORE UPDATE ON op_attachments " + _abort("attachment"),
        f"CREATE TRIGGER trg_op_attachments_no_delete BEFORE DELETE ON op_attachments WHEN {LOCKED.format(row='OLD')} "
        + _abort("attachment of a signed contract"),
        "CREATE TRIGGER trg_op_attachment_blobs_no_update BEFORE UPDATE ON op_attachment_blobs "
        + _abort("attachment content"),
        "CREATE TRIGGER trg_op_attachment_blobs_no_delete BEFORE DELETE ON op_attachment_blobs "
        "WHEN EXISTS (SELECT 1 FROM op_attachments WHERE blob_id = OLD.id) " + _abort("attachment content in use"),
    ]
    return ddl


TRIGGER_NAMES = {
    **{t: ["no_update", "no_delete"] for t in APPEND_ONLY},
    "op_contracts": ["frozen", "no_delete"],
    "op_signatories": ["frozen_insert", "frozen", "no_delete"],
    "op_schedule_lines": ["frozen_insert", "frozen", "no_delete"],
    "op_indicators": ["frozen_insert", "frozen", "no_delete"],
    "op_obligations": ["frozen_insert", "frozen", "no_delete"],
    "op_attachments": ["no_update", "no_delete"],
    "op_attachment_blobs": ["no_update", "no_delete"],
}


def _seed_templates() -> None:
    """Version 1 of every default clause (the office edits them afterwards, each edit a new version)."""
    table = sa.table(
        "op_clause_templates", sa.column("code", sa.String), sa.column("kind", sa.String),
        sa.column("version", sa.Integer), sa.column("position", sa.Integer), sa.column("title", sa.String),
        sa.column("body", sa.Text), sa.column("active", sa.Boolean), sa.column("note", sa.String),
        sa.column("created_at", sa.DateTime), sa.column("created_by", sa.String),
    )  # fmt: skip
    at = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    op.bulk_insert(
        table,
        [
            {"code": c.code, "kind": c.kind, "version": 1, "position": c.position, "title": c.title, "body": c.body,
             "active": True, "note": "Modèle initial", "created_at": at, "created_by": "Système"}
            for c in DEFAULT_CLAUSES
        ],
    )  # fmt: skip


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table('op_attachment_blobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_op_attachment_blobs'))
    )
    op.create_table('op_clause_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_op_clause_templates')),
    sa.UniqueConstraint('code', 'version', name=op.f('uq_op_clause_templates_code_version'))
    )
    op.create_table('op_contracts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('amendment_no', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('seq', sa.Integer(), nullable=True),
    sa.Column('number', sa.String(length=40), nullable=True),
    sa.Column('service_type', sa.String(length=30), nullable=False),
    sa.Column('op_id', sa.Integer(), nullable=False),
    sa.Column('object', sa.String(length=1000), nullable=False),
    sa.Column('effect_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('changes_end', sa.Boolean(), nullable=False),
    sa.Column('notice_days', sa.Integer(), nullable=False),
    sa.Column('tacit_renewal', sa.Boolean(), nullable=False),
    sa.Column('planned_amount', sa.BigInteger(), nullable=False),
    sa.Column('advance', sa.BigInteger(), nullable=False),
    sa.Column('payment_terms', sa.String(length=1000), nullable=False),
    sa.Column('guarantees', sa.String(length=1000), nullable=False),
    sa.Column('dispute_forum', sa.String(length=10), nullable=False),
    sa.Column('court', sa.String(length=200), nullable=False),
    sa.Column('place', sa.String(length=100), nullable=False),
    sa.Column('copies', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=1000), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('signature_date', sa.Date(), nullable=True),
    sa.Column('signed_at', sa.DateTime(), nullable=True),
    sa.Column('signed_by', sa.String(length=200), nullable=False),
    sa.Column('due_override', sa.String(length=300), nullable=False),
    sa.Column('chain_pos', sa.Integer(), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=True),
    sa.Column('hash', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(), nullable=True),
    sa.Column('terminated_on', sa.Date(), nullable=True),
    sa.Column('status_reason', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['op_id'], ['organisations.party_id'], name=op.f('fk_op_contracts_op_id_organisations')),
    sa.ForeignKeyConstraint(['parent_id'], ['op_contracts.id'], name=op.f('fk_op_contracts_parent_id_op_contracts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_op_contracts')),
    sa.UniqueConstraint('chain_pos', name=op.f('uq_op_contracts_chain_pos')),
    sa.UniqueConstraint('number', name=op.f('uq_op_contracts_number')),
    sa.UniqueConstraint('parent_id', 'amendment_no', name=op.f('uq_op_contracts_parent_id_amendment_no')),
    sa.UniqueConstraint('year', 'seq', name=op.f('uq_op_contracts_year_seq'))
    )
    with op.batch_alter_table('op_contracts', schema=None) as batch_op:
        batch_op.create_index('ix_op_contracts_op', ['op_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_op_contracts_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index('ix_op_contracts_status', ['status'], unique=False)

    op.create_table('op_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('blob_id', sa.Integer(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.Column('added_by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['blob_id'], ['op_attachment_blobs.id'], name=op.f('fk_op_attachments_blob_id_op_attachment_blobs')),
    sa.ForeignKeyConstraint(['contract_id'], ['op_contracts.id'], name=op.f('fk_op_attachments_contract_id_op_contracts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_op_attachments')),
    sa.UniqueConstraint('blob_id', name=op.f('uq_op_attachments_blob_id'))
    )
    with op.batch_alter_table('op_attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_op_attachments_contract_id'), ['contract_id'], unique=False)

    op.create_table('op_contract_texts',
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('sections', sa.Text(), nullable=False),
    sa.Column('template_versions', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['op_contracts.id'], name=op.f('fk_op_contract_texts_contract_id_op_contracts')),
    sa.PrimaryKeyConstraint('contract_id', name=op.f('pk_op_contract_texts'))
    )
    op.create_table('op_incidents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('description', sa.String(length=2000), nullable=False),
    sa.Column('action_taken', sa.String(length=2000), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['op_contracts.id'], name=op.f('fk_op_incidents_contract_id_op_contracts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_op_incidents'))
    )
    with op.batch_alter_table('op_incidents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_op_incidents_contract_id'), ['contract_id'], unique=False)

    op.create_table('op_indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=60), nullable=False),
    sa.Column('target', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['op_contracts.id'], name=op.f('fk_op_indicators_contract_id_op_contracts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_op_indicators'))
    )
    with op.batch_alter_table('op_indicators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_op_indicators_contract_id'), ['contract_id'], unique=False)

    op.create_table('op_obligations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=10), nullable=False),
    sa.Column('deliverable', sa.String(length=300), nullable=False),
    sa.Column('quantity', sa.BigInteger(), nullable=True),
    sa.Column('unit', sa.String(length=60), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.String(length=2000), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('updated_by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['op_contracts.id'], name=op.f('fk_op_obligations_contract_id_op_contracts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_op_obligations'))
    )
    with op.batch_alter_table('op_obligations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_op_obligations_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_op_obligations_due_date'), ['due_date'], unique=False)

    op.create_table('op_schedule_lines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('due_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['contract_id'], ['op_contracts.id'], name=op.f('fk_op_schedule_lines_contract_id_op_contracts')),
    sa.ForeignKeyConstraint(['due_id'], ['dues.id'], name=op.f('fk_op_schedule_lines_due_id_dues')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_op_schedule_lines'))
    )
    with op.batch_alter_table('op_schedule_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_op_schedule_lines_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_op_schedule_lines_due_id'), ['due_id'], unique=False)

    op.create_table('op_signatories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('capacity', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['op_contracts.id'], name=op.f('fk_op_signatories_contract_id_op_contracts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_op_signatories'))
    )
    with op.batch_alter_table('op_signatories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_op_signatories_contract_id'), ['contract_id'], unique=False)

    op.create_table('op_transitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('from_state', sa.String(length=12), nullable=False),
    sa.Column('to_state', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('automatic', sa.Boolean(), nullable=False),
    sa.Column('user_name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['op_contracts.id'], name=op.f('fk_op_transitions_contract_id_op_contracts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_op_transitions'))
    )
    with op.batch_alter_table('op_transitions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_op_transitions_contract_id'), ['contract_id'], unique=False)

    op.create_table('op_indicator_measures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['op_indicators.id'], name=op.f('fk_op_indicator_measures_indicator_id_op_indicators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_op_indicator_measures'))
    )
    with op.batch_alter_table('op_indicator_measures', schema=None) as batch_op:
        batch_op.create_index('ix_op_indicator_measures_quarter', ['indicator_id', 'year', 'quarter'], unique=False)

    # ### end Alembic commands ###
    for ddl in _triggers():
        execute(ddl)
    _seed_templates()


def downgrade() -> None:
    for table, names in TRIGGER_NAMES.items():
        for ddl in drop(table, names):
            execute(ddl)
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('op_indicator_measures', schema=None) as batch_op:
        batch_op.drop_index('ix_op_indicator_measures_quarter')

    op.drop_table('op_indicator_measures')
    with op.batch_alter_table('op_transitions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_op_transitions_contract_id'))

    op.drop_table('op_transitions')
    with op.batch_alter_table('op_signatories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_op_signatories_contract_id'))

    op.drop_table('op_signatories')
    with op.batch_alter_table('op_schedule_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_op_schedule_lines_due_id'))
        batch_op.drop_index(batch_op.f('ix_op_schedule_lines_contract_id'))

    op.drop_table('op_schedule_lines')
    with op.batch_alter_table('op_obligations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_op_obligations_due_date'))
        batch_op.drop_index(batch_op.f('ix_op_obligations_contract_id'))

    op.drop_table('op_obligations')
    with op.batch_alter_table('op_indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_op_indicators_contract_id'))

    op.drop_table('op_indicators')
    with op.batch_alter_table('op_incidents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_op_incidents_contract_id'))

    op.drop_table('op_incidents')
    op.drop_table('op_contract_texts')
    with op.batch_alter_table('op_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_op_attachments_contract_id'))

    op.drop_table('op_attachments')
    with op.batch_alter_table('op_contracts', schema=None) as batch_op:
        batch_op.drop_index('ix_op_contracts_status')
        batch_op.drop_index(batch_op.f('ix_op_contracts_parent_id'))
        batch_op.drop_index('ix_op_contracts_op')

    op.drop_table('op_contracts')
    op.drop_table('op_clause_templates')
    op.drop_table('op_attachment_blobs')
    # ### end Alembic commands ###
