"""Tenancies: the rent period (weekly, fortnightly, four-weekly, monthly; empty when not recorded), from which,
with the start date, the date a notice to quit could end the tenancy is worked out (domain.notice_to_quit:
s83(5) Housing Act 1985, s128(4) Housing Act 1996, s8(3A) Housing Act 1988); and an optimistic version number, so two people correcting one tenancy's terms cannot
overwrite each other (existing tenancies start at version 1)

Revision ID: 0014r_tenancy_rent_period
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0014r_tenancy_rent_period"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tenancies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rent_period", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("tenancies", schema=None) as batch_op:
        batch_op.drop_column("version")
        batch_op.drop_column("rent_period")
