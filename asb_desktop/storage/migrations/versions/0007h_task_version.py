"""tasks: an optimistic version number, so two people changing one task cannot overwrite each other

Existing tasks start at version 1.

Revision ID: 0007h_task_version
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0007h_task_version"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_column("version")
