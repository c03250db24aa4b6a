"""Noise triage (ASB procedure or Good Neighbourhood Management) and the ASB case review flag

Revision ID: 0010n_noise_case_review
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0010n_noise_case_review"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("noise_track", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("noise_answers", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("noise_reason", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("case_review_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("case_review_reason", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        for name in ("case_review_reason", "case_review_at", "noise_reason", "noise_answers", "noise_track"):
            batch_op.drop_column(name)
