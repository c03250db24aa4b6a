"""Notices (issue 17): the service rule used for the deemed date (a CPR 6.26 row or a rule the tenancy
agreement or a statute sets, recorded by the officer), the date specified in the notice ("after"), the
service planned when the pack was made, and the named person who signed the notice

Revision ID: 0009s_notice_service_rule
Revises: 0004_court
"""

import sqlalchemy as sa
from alembic import op

revision = "0009s_notice_service_rule"
down_revision = "0004_court"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("service_rule", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("agreement_rule", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("planned_method", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("planned_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("specified_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("signed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("signed_by_name", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("signed_by_role", sa.String(length=30), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("notices", schema=None) as batch_op:
        for name in ("signed_by_role", "signed_by_name", "signed_by_id", "specified_on", "planned_at",
                     "planned_method", "agreement_rule", "service_rule"):
            batch_op.drop_column(name)
