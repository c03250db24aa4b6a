"""witness change requests: each resolved as changed (linked to the new version) or declined with a reason

A statement is no longer made final or signed while a request is open. Requests resolved before
this revision are read as "changed" when a later version was linked, else "declined".

Revision ID: 0006_review_outcome
Revises: 0003_documents
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_review_outcome"
down_revision = "0003_documents"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("statement_review_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome", sa.String(length=10), nullable=False, server_default=""))
    requests = sa.table("statement_review_requests", sa.column("version", sa.Integer),
                        sa.column("resolved_at", sa.DateTime), sa.column("resolved_version", sa.Integer),
                        sa.column("outcome", sa.String))
    done = requests.c.resolved_at.is_not(None)
    op.execute(requests.update().where(done, requests.c.resolved_version > requests.c.version)
               .values(outcome="changed"))
    op.execute(requests.update().where(done, requests.c.outcome == "").values(outcome="declined"))


def downgrade() -> None:
    with op.batch_alter_table("statement_review_requests", schema=None) as batch_op:
        batch_op.drop_column("outcome")
