"""row-level security for reporting roles (PostgreSQL only)

``users.db_role`` names a user's own PostgreSQL role (``asb user db-role``). On PostgreSQL,
``cases`` and every table keyed by ``case_id`` get row-level security with a read policy that mirrors
services/kernel/access.py (storage/row_security.py). The app's own connection owns the tables and is not
affected. SQLite has no row-level security: there only the column is added.

Revision ID: 0010r_row_security
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0010r_row_security"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("db_role", sa.String(length=63), nullable=True))
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        from asb_desktop.storage import row_security

        row_security.apply(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        from asb_desktop.storage import row_security

        row_security.remove(bind)
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("db_role")
