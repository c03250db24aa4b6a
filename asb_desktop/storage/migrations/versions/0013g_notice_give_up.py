"""Notices (issue 17): the date sought by the landlord as the date on which the tenant is to give up
possession (s83(3)(a)(ii) Housing Act 1985, Ground 2 on a periodic secure tenancy); the notice ceases to be
in force twelve months after it

Revision ID: 0013g_notice_give_up
Revises: 0009s_notice_service_rule
"""

import sqlalchemy as sa
from alembic import op

revision = "0013g_notice_give_up"
down_revision = "0009s_notice_service_rule"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("give_up_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.drop_column("give_up_on")
