"""audit chain and sign-in throttling

The audit trail becomes a hash chain (storage/audit_chain.py): two columns, and the entries already
there are hashed in id order. Failed team-mode sign-ins are kept in their own table so throttling
holds across processes. On PostgreSQL TRUNCATE (which skips row triggers) is refused too.

Revision ID: 0007f_audit_chain
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0007f_audit_chain"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, not a batch (a batch would recreate the table on SQLite and drop its triggers).
    op.add_column("audit_log", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_log", sa.Column("hash", sa.String(length=64), nullable=True))
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_failures")),
    )
    op.create_index(op.f("ix_sign_in_failures_username"), "sign_in_failures", ["username"], unique=False)
    _hash_existing_entries()
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )


def _hash_existing_entries() -> None:
    """The entries written before the chain existed, hashed in id order (the triggers are lifted for it)."""
    from asb_desktop.storage.audit_chain import FIELDS, GENESIS, hash_of_row

    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    table = sa.table("audit_log", sa.column("id", sa.Integer), sa.column("prev_hash", sa.String),
                     sa.column("hash", sa.String), sa.column("at", sa.DateTime), sa.column("detail", sa.JSON),
                     *[sa.column(f, sa.String) for f in FIELDS if f not in ("at", "detail")])
    rows = bind.execute(sa.select(table).order_by(table.c.id)).all()
    if not rows:
        return
    if sqlite:
        op.execute("DROP TRIGGER audit_log_no_update")
    else:
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
    prev, updates = GENESIS, []
    for row in rows:
        digest = hash_of_row(prev, row)
        updates.append({"b_id": row.id, "prev_hash": prev, "hash": digest})
        prev = digest
    bind.execute(table.update().where(table.c.id == sa.bindparam("b_id")), updates)
    if sqlite:
        op.execute("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                   "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END")
    else:
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
    op.drop_index(op.f("ix_sign_in_failures_username"), table_name="sign_in_failures")
    op.drop_table("sign_in_failures")
    with op.batch_alter_table("audit_log") as batch_op:
        batch_op.drop_column("hash")
        batch_op.drop_column("prev_hash")
    if op.get_bind().dialect.name == "sqlite":  # the batch recreated the table without its triggers
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER IF NOT EXISTS audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                       "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END")
