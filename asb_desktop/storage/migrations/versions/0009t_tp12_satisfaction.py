"""TP12: the complainant's satisfaction with how the case was handled, recorded at closure

Revision ID: 0009t_tp12_satisfaction
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0009t_tp12_satisfaction"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("complainant_satisfaction", sa.String(length=30), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("complainant_satisfaction")
