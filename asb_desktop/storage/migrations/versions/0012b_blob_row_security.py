"""row-level security on the team file store (PostgreSQL only)

``stored_blobs`` and ``stored_blob_chunks`` get a read policy: a reporting role reads a stored file
only when a case it may see holds a file with that SHA-256 (storage/row_security.py,
``asb_can_read_blob``). Runs after every table the policy looks in; the app's own connection owns the
tables and is not affected. SQLite has no row-level security: nothing to do there.

Revision ID: 0012b_blob_row_security
Revises: 0010r_row_security, 0010s_stored_blobs, 0007g_evidence_per_case, 0003_documents, 0004_court
"""

from alembic import op

revision = "0012b_blob_row_security"
down_revision = ("0010r_row_security", "0010s_stored_blobs", "0007g_evidence_per_case", "0003_documents", "0004_court")
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        from asb_desktop.storage import row_security

        row_security.apply(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        from asb_desktop.storage import row_security

        row_security.remove_blob_policy(bind)
