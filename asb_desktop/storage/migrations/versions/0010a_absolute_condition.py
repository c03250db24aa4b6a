"""Issue 17: the condition of the absolute ground for possession relied on (s84A Housing Act 1985 /
Ground 7A Housing Act 1988), with its court, date, appeal and evidence

Revision ID: 0010a_absolute_condition
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0010a_absolute_condition"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = "absolute_conditions"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("condition", sa.Integer(), nullable=False),
        sa.Column("court", sa.Text(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("appeal_determined_on", sa.Date(), nullable=True),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False, server_default=""),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE", name=op.f(f"fk_{table}_case_id_cases")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f(f"fk_{table}_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("uid", name=op.f(f"uq_{table}_uid")),
    )
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{table}_case_id"), ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_table("absolute_conditions")
