"""notices and court bundles: manager approvals, notice packs with service dates, bundle files, issued versions

Revision ID: 0004_court
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_court"
down_revision = "0001"
branch_labels = None
depends_on = None


def _case_child(table: str) -> list:
    """The columns every per-case record has (storage.orm.CaseChild)."""
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE", name=op.f(f"fk_{table}_case_id_cases")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f(f"fk_{table}_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("uid", name=op.f(f"uq_{table}_uid")),
    ]


def _index(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "notice_approvals",
        *_case_child("notice_approvals"),
        sa.Column("notice_type", sa.String(length=60), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    )
    _index("notice_approvals", "case_id")
    op.create_table(
        "notices",
        *_case_child("notices"),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("notice_type", sa.String(length=60), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("tenancy_type", sa.String(length=30), nullable=True),
        sa.Column("fixed_term", sa.Boolean(), nullable=False),
        sa.Column("approval_id", sa.Integer(), nullable=True),
        sa.Column("folder", sa.Text(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("served_method", sa.String(length=30), nullable=True),
        sa.Column("served_at", sa.DateTime(), nullable=True),
        sa.Column("served_by", sa.String(length=200), nullable=False),
        sa.Column("deemed_served_on", sa.Date(), nullable=True),
        sa.Column("deemed_reason", sa.Text(), nullable=False),
        sa.Column("earliest_proceedings_on", sa.Date(), nullable=True),
        sa.Column("lapses_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["approval_id"], ["notice_approvals.id"],
                                name=op.f("fk_notices_approval_id_notice_approvals")),
        sa.UniqueConstraint("case_id", "number", name=op.f("uq_notices_case_id")),
    )
    _index("notices", "case_id", "earliest_proceedings_on", "lapses_on")
    op.create_table(
        "bundle_files",
        *_case_child("bundle_files"),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("section", sa.String(length=200), nullable=False),
        sa.Column("original_name", sa.Text(), nullable=False),
        sa.Column("stored_path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("doc_date", sa.Date(), nullable=True),
    )
    _index("bundle_files", "case_id")
    op.create_table(
        "bundle_versions",
        *_case_child("bundle_versions"),
        sa.Column("hearing", sa.String(length=30), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("stored_path", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("entries", sa.JSON(), nullable=False),
        sa.Column("untexted_pages", sa.JSON(), nullable=False),
        sa.UniqueConstraint("case_id", "hearing", "version", name=op.f("uq_bundle_versions_case_id")),
    )
    _index("bundle_versions", "case_id")


def downgrade() -> None:
    for table in ("bundle_versions", "bundle_files", "notices", "notice_approvals"):
        op.drop_table(table)
