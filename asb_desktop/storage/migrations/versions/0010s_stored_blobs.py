"""the team file store: stored files kept in the database, in 1 MiB chunks (issue 15)

Created on both backends so the schema is the same everywhere and a backup restores between them;
the app stores files here only on PostgreSQL with ``team_file_store = "database"`` (storage/orm_files.py).

Revision ID: 0010s_stored_blobs
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0010s_stored_blobs"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stored_blobs",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_stored_blobs")),
    )
    op.create_table(
        "stored_blob_chunks",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("n", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["sha256"], ["stored_blobs.sha256"], ondelete="CASCADE",
                                name=op.f("fk_stored_blob_chunks_sha256_stored_blobs")),
        sa.PrimaryKeyConstraint("sha256", "n", name=op.f("pk_stored_blob_chunks")),
    )


def downgrade() -> None:
    op.drop_table("stored_blob_chunks")
    op.drop_table("stored_blobs")
