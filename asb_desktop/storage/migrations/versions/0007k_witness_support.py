"""witness support for court (procedure 14.5.5): per witness, the date they are needed at court and a
checklist (court visit, disability adjustments, process explained, transport), each with a date and note

Revision ID: 0007k_witness_support
Revises: 0006_review_outcome
"""

import sqlalchemy as sa
from alembic import op

revision = "0007k_witness_support"
down_revision = "0006_review_outcome"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "witness_support",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("witness_key", sa.String(length=120), nullable=False),
        sa.Column("witness_name", sa.String(length=300), nullable=False),
        sa.Column("hearing_on", sa.Date(), nullable=True),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE",
                                name=op.f("fk_witness_support_case_id_cases")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_witness_support_created_by_id_users")),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name=op.f("fk_witness_support_updated_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_witness_support")),
        sa.UniqueConstraint("uid", name=op.f("uq_witness_support_uid")),
        sa.UniqueConstraint("case_id", "witness_key", name="uq_witness_support_witness"),
    )
    op.create_index(op.f("ix_witness_support_case_id"), "witness_support", ["case_id"], unique=False)
    op.create_index(op.f("ix_witness_support_hearing_on"), "witness_support", ["hearing_on"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_witness_support_hearing_on"), table_name="witness_support")
    op.drop_index(op.f("ix_witness_support_case_id"), table_name="witness_support")
    op.drop_table("witness_support")
