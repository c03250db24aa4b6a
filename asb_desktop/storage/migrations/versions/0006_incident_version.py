"""incidents carry a row version, so two officers editing one incident cannot silently overwrite each other

An incident edit (and its undo) is refused with "changed by someone else, reload" when the incident's
version moved since it was opened, as edits of a case already are. Existing rows start at version 1.

Revision ID: 0006_incident_version
Revises: 0005_search_fold
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_incident_version"
down_revision = "0005_search_fold"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_column("version")
