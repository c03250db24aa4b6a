"""7.2 interview arrangements: the interpreter's relationship to the interviewee, their age or date of
birth, and whether the officer marked the interview's content sensitive

Revision ID: 0008p_interview_arrangements
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0008p_interview_arrangements"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.add_column(sa.Column("interpreter_relationship", sa.String(length=100), nullable=False,
                                      server_default=""))
        batch_op.add_column(sa.Column("interpreter_age", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("interpreter_born_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("sensitive", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_column("sensitive")
        batch_op.drop_column("interpreter_born_on")
        batch_op.drop_column("interpreter_age")
        batch_op.drop_column("interpreter_relationship")
