"""witness statements: the signing record kept with each signed version

How it was signed (drawn, typed name or wet-signed scan; the typed name), who was present (the
officers' names entered at signing), the SHA-256 of the PDF the witness saw, and the evidence items
holding the signed PDF and the signing record. Versions signed before this revision keep nulls.

Revision ID: 0007i_signing_record
Revises: 0006_review_outcome
"""

import sqlalchemy as sa
from alembic import op

revision = "0007i_signing_record"
down_revision = "0006_review_outcome"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("statement_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("typed_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("signed_present", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("reviewed_pdf_sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("signed_evidence_uid", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("record_evidence_uid", sa.String(length=36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("statement_versions", schema=None) as batch_op:
        for name in ("record_evidence_uid", "signed_evidence_uid", "reviewed_pdf_sha256", "signed_present",
                     "typed_name"):
            batch_op.drop_column(name)
